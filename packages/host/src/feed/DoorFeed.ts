/** The `doors` topic: the full set of door snapshots on subscribe, then a snapshot per door an event concerns. */
import type { DoorSnapshot, EngineClock, TimerId } from "@portcullis/engine";
import type { Subscription } from "rxjs";
import type { JournalEvent } from "../events";
import type { FeedJournal, FeedSite } from "./FeedBackend";
import type { FeedClient } from "./FeedClient";
import { encodeMessage } from "./ServerMessage";
import { textFrame } from "./textFrame";

/** The doors whose snapshot an event may have changed. */
const doorsConcerned = (event: JournalEvent, site: FeedSite): ReadonlyArray<string> => {
  if ("doorId" in event && event.doorId !== undefined) return [event.doorId];
  // A reader's own events (SecureChannel, InstallMode) change its door's status: a failed reader is no online door.
  if ("readerId" in event && event.readerId !== undefined) {
    const doorId = site.reader(event.readerId)?.doorId;
    return doorId === undefined ? [] : [doorId];
  }
  const onController = (controllerId: string) =>
    site.config.doors.filter((d) => d.controllerId === controllerId).map((d) => d.id);
  switch (event.type) {
    // A controller's state is every one of its doors' status (DESIGN §3).
    case "ControllerOffline":
    case "ControllerOnline":
      return onController(event.controllerId);
    case "ConfigChanged":
      return event.entity === "door"
        ? [event.id]
        : event.entity === "controller"
          ? onController(event.id)
          : [];
    default:
      return [];
  }
};

/** How often doors last sent with position `Unknown` are looked at again. */
export const UNKNOWN_RECHECK_MS = 250;

/**
 * Sends door snapshots as of the commit of the events that concern them: snapshots follow the
 * journal like events do. The doors of one committed batch are sent once, after the batch, each
 * serialised once for every subscriber.
 *
 * One change has no event: a door's first position reading (after start, a controller back online,
 * a monitor fault cleared) is taken silently (DESIGN §4). So the doors last sent with position
 * `Unknown` are looked at again every `UNKNOWN_RECHECK_MS` while nothing waits to be committed, and
 * sent once their position is known; otherwise a console connected at start would show them
 * `Unknown` until their next event.
 */
export class DoorFeed {
  private readonly subscribers = new Set<FeedClient>();
  private readonly dirty = new Set<string>();
  private readonly subscription: Subscription;
  /** Doors whose last snapshot sent showed position `Unknown`. */
  private readonly unknown = new Set<string>();
  private recheck: TimerId;

  constructor(
    private readonly journal: FeedJournal,
    private readonly site: FeedSite,
    private readonly clock: EngineClock,
  ) {
    this.subscription = journal.committed$.subscribe((event) => this.committed(event));
  }

  private committed(event: JournalEvent): void {
    if (this.subscribers.size === 0) return;
    const first = this.dirty.size === 0;
    for (const id of doorsConcerned(event, this.site)) this.dirty.add(id);
    // A batch is emitted synchronously: flushing in a microtask sends each door once per batch.
    if (first && this.dirty.size > 0) queueMicrotask(this.flush);
  }

  private readonly flush = (): void => {
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      const door = this.site.door(id);
      if (door === undefined) continue;
      const frame = textFrame(encodeMessage({ type: "door", door }));
      for (const client of this.subscribers) client.send(frame);
      this.sent(door);
    }
  };

  /** Sends `client` every door now, then their changes. */
  subscribe(client: FeedClient): void {
    if (this.subscribers.has(client)) return;
    this.subscribers.add(client);
    for (const door of this.site.allDoors()) {
      client.send(textFrame(encodeMessage({ type: "door", door })));
      this.sent(door);
    }
  }

  private sent(door: DoorSnapshot): void {
    if (door.position !== "Unknown") {
      this.unknown.delete(door.id);
      return;
    }
    this.unknown.add(door.id);
    this.recheck ??= this.clock.setTimeout(this.lookAgain, UNKNOWN_RECHECK_MS);
  }

  private readonly lookAgain = (): void => {
    this.recheck = undefined;
    if (this.subscribers.size === 0) return this.unknown.clear();
    // An event still waiting to be committed will send its doors: nothing goes ahead of the journal.
    if (this.journal.health().uncommitted === 0)
      for (const id of [...this.unknown]) {
        const door = this.site.door(id);
        if (door === undefined) this.unknown.delete(id);
        else if (door.position !== "Unknown") this.dirty.add(id);
      }
    if (this.dirty.size > 0) this.flush();
    if (this.unknown.size > 0) this.recheck = this.clock.setTimeout(this.lookAgain, UNKNOWN_RECHECK_MS);
  };

  /** Stops sending door snapshots to `client`. */
  unsubscribe(client: FeedClient): void {
    this.subscribers.delete(client);
  }

  /** Stops following the journal. */
  close(): void {
    this.subscription.unsubscribe();
    this.subscribers.clear();
    if (this.recheck !== undefined) this.clock.clearTimeout(this.recheck);
    this.recheck = undefined;
  }
}
