/** Which doors' snapshots committed events changed: the `doors` topic's and a sub's monitoring's source. */
import { Observable } from "rxjs";
import type { DoorSnapshot } from "@portcullis/engine";
import type { JournalEvent } from "../events";
import type { FeedJournal, FeedSite } from "./FeedBackend";

/** The doors whose snapshot an event may have changed. */
const doorsConcerned = (
  event: JournalEvent,
  site: Pick<FeedSite, "reader" | "config">,
): ReadonlyArray<string> => {
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

/** The doors one committed batch changed, as of its last event `seq`. */
export interface DoorChange {
  readonly seq: number;
  readonly doors: ReadonlyArray<DoorSnapshot>;
}

/**
 * Door snapshots as of the commit of the events that concern them: snapshots follow the journal
 * like events do. The doors of one committed batch come once, after the batch (a batch is emitted
 * synchronously, so a microtask sees it whole). A door's first position reading has no event: it
 * comes as it is taken, as of the journal's head.
 */
export const doorChanges = (
  journal: Pick<FeedJournal, "committed$" | "head">,
  site: Pick<FeedSite, "reader" | "config" | "door" | "doorsSeen$">,
): Observable<DoorChange> =>
  new Observable<DoorChange>((subscriber) => {
    const dirty = new Set<string>();
    let seq = journal.head();
    const flush = () => {
      const ids = [...dirty];
      dirty.clear();
      const doors = ids.flatMap((id) => site.door(id) ?? []);
      if (doors.length > 0) subscriber.next({ seq, doors });
    };
    const changed = (doorIds: ReadonlyArray<string>, at: number) => {
      const first = dirty.size === 0;
      for (const id of doorIds) dirty.add(id);
      seq = Math.max(seq, at);
      if (first && dirty.size > 0) queueMicrotask(flush);
    };
    const subscription = journal.committed$.subscribe((event) =>
      changed(doorsConcerned(event, site), event.seq),
    );
    subscription.add(site.doorsSeen$.subscribe((doorId) => changed([doorId], journal.head())));
    return subscription;
  });
