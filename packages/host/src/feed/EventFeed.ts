/** The `events` topic: committed events to every follower, each serialised once, resumable by `seq`. */
import type { Subscription } from "rxjs";
import type { JournalEvent } from "../events";
import type { FeedJournal, FeedLogger } from "./FeedBackend";
import type { FeedClient } from "./FeedClient";
import { encodeMessage } from "./ServerMessage";
import { textFrame } from "./textFrame";

/** Events read from disk per query while a follower catches up. */
const PAGE = 1_000;

interface Follower {
  readonly client: FeedClient;
  /** The next `seq` this follower needs. */
  next: number;
  /** Live frames held while the follower replays from disk; `undefined` once it is live. */
  held: Array<{ readonly seq: number; readonly frame: Buffer }> | undefined;
}

const frameOf = (event: JournalEvent): Buffer =>
  textFrame(encodeMessage({ type: "event", seq: event.seq, event }));

/**
 * Follows the journal's committed stream (never the engine's raw stream: DESIGN §6) and fans each
 * event out to the followers as one shared buffer. A follower starting behind the head replays
 * from disk page by page while live frames are held, then drains them: no gap, no duplicate.
 */
export class EventFeed {
  private readonly followers = new Map<FeedClient, Follower>();
  private readonly subscription: Subscription;

  constructor(
    private readonly journal: FeedJournal,
    private readonly logger: FeedLogger,
  ) {
    this.subscription = journal.committed$.subscribe((event) => this.committed(event));
  }

  private committed(event: JournalEvent): void {
    if (this.followers.size === 0) return;
    const frame = frameOf(event);
    for (const f of this.followers.values()) {
      if (f.held !== undefined) f.held.push({ seq: event.seq, frame });
      else if (event.seq >= f.next) {
        f.next = event.seq + 1;
        f.client.send(frame);
      }
    }
  }

  /** Sends `client` every committed event from `from` on (inclusive); following again keeps its place. */
  follow(client: FeedClient, from: number): void {
    if (this.followers.has(client)) return;
    const caughtUp = from > this.journal.head();
    const follower: Follower = { client, next: from, held: caughtUp ? undefined : [] };
    this.followers.set(client, follower);
    if (!caughtUp)
      this.replay(follower).catch((e: unknown) => {
        this.logger.error("feed.replay_failed", { error: String(e) });
        this.unfollow(client);
      });
  }

  /** Stops sending to `client`; returns the `seq` it would have needed next. */
  unfollow(client: FeedClient): number | undefined {
    const follower = this.followers.get(client);
    this.followers.delete(client);
    return follower?.next;
  }

  private async replay(f: Follower): Promise<void> {
    for (;;) {
      const page = await this.journal.readFrom(f.next, PAGE);
      if (this.followers.get(f.client) !== f) return;
      for (const event of page)
        if (event.seq >= f.next) {
          f.next = event.seq + 1;
          f.client.send(frameOf(event));
        }
      if (page.length < PAGE) break;
    }
    const held = f.held ?? [];
    f.held = undefined;
    for (const { seq, frame } of held)
      if (seq >= f.next) {
        f.next = seq + 1;
        f.client.send(frame);
      }
  }

  /** Stops following the journal. */
  close(): void {
    this.subscription.unsubscribe();
    this.followers.clear();
  }
}
