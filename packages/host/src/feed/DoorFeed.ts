/**
 * The `doors` topic: the full set of door snapshots on subscribe, then a snapshot per door an event
 * concerns, or whose first position reading came in.
 */
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

/**
 * Sends door snapshots as of the commit of the events that concern them: snapshots follow the
 * journal like events do. The doors of one committed batch are sent once, after the batch, each
 * serialised once for every subscriber.
 */
export class DoorFeed {
  private readonly subscribers = new Set<FeedClient>();
  private readonly dirty = new Set<string>();
  private readonly subscriptions: ReadonlyArray<Subscription>;

  constructor(
    journal: FeedJournal,
    private readonly site: FeedSite,
  ) {
    this.subscriptions = [
      journal.committed$.subscribe((event) => this.changed(doorsConcerned(event, this.site))),
      // A first position reading has no event to wait for: it is sent as it is taken.
      site.doorsSeen$.subscribe((doorId) => this.changed([doorId])),
    ];
  }

  private changed(doorIds: ReadonlyArray<string>): void {
    if (this.subscribers.size === 0) return;
    const first = this.dirty.size === 0;
    for (const id of doorIds) this.dirty.add(id);
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
    }
  };

  /** Sends `client` every door now, then their changes. */
  subscribe(client: FeedClient): void {
    if (this.subscribers.has(client)) return;
    this.subscribers.add(client);
    for (const door of this.site.allDoors()) client.send(textFrame(encodeMessage({ type: "door", door })));
  }

  /** Stops sending door snapshots to `client`. */
  unsubscribe(client: FeedClient): void {
    this.subscribers.delete(client);
  }

  /** Stops following the journal. */
  close(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscribers.clear();
  }
}
