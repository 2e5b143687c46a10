/** The `doors` topic: the full set of door snapshots on subscribe, then a snapshot per door an event concerns. */
import type { Subscription } from "rxjs";
import type { FeedJournal, FeedSite } from "./FeedBackend";
import type { FeedClient } from "./FeedClient";
import { doorChanges } from "./doorChanges";
import { encodeMessage } from "./ServerMessage";
import { textFrame } from "./textFrame";

/**
 * Sends door snapshots as of the commit of the events that concern them, or as a door's first
 * position reading is taken (see {@link doorChanges}),
 * each serialised once for every subscriber; the journal is followed only while someone subscribes.
 */
export class DoorFeed {
  private readonly subscribers = new Set<FeedClient>();
  private subscription: Subscription | undefined;

  constructor(
    private readonly journal: FeedJournal,
    private readonly site: FeedSite,
  ) {}

  /** Sends `client` every door now, then their changes. */
  subscribe(client: FeedClient): void {
    if (this.subscribers.has(client)) return;
    this.subscribers.add(client);
    this.subscription ??= doorChanges(this.journal, this.site).subscribe(({ doors }) => {
      for (const door of doors) {
        const frame = textFrame(encodeMessage({ type: "door", door }));
        for (const c of this.subscribers) c.send(frame);
      }
    });
    for (const door of this.site.allDoors()) client.send(textFrame(encodeMessage({ type: "door", door })));
  }

  /** Stops sending door snapshots to `client`. */
  unsubscribe(client: FeedClient): void {
    this.subscribers.delete(client);
    if (this.subscribers.size > 0) return;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** Stops following the journal. */
  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.subscribers.clear();
  }
}
