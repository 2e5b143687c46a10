/**
 * A sub's live monitoring for its main (aggregated monitoring): each committed event on
 * `pc.server.ID.event` and each door snapshot it changed on `pc.server.ID.door`, as they commit,
 * each with the journal `seq` it is as of. Published only while NATS is up, and not kept: the main
 * asks for every door again when the sub comes back (see RemoteMonitor).
 */
import type { Subscription } from "rxjs";
import type { NatsConnection } from "nats";
import type { DoorSnapshot } from "@portcullis/engine";
import type { JournalEvent } from "../events";
import { doorChanges } from "../feed/doorChanges";
import type { FeedJournal, FeedSite } from "../feed/FeedBackend";
import type { NatsLink } from "./NatsLink";
import { monitorSubject } from "./subjects";
import { wireJson } from "./wireJson";

/** The journal as a sub's monitoring follows it. */
export type MonitoredJournal = Pick<FeedJournal, "committed$" | "head">;

/** A door snapshot as a sub publishes it: as of its journal's `seq`. */
export interface PublishedDoor {
  readonly seq: number;
  readonly door: DoorSnapshot;
}

/** A committed event as a sub publishes it. */
export interface PublishedEvent {
  readonly seq: number;
  readonly event: JournalEvent;
}

/** Publishes a sub's committed events and door changes while connected. */
export class MonitorPublisher {
  private nc: NatsConnection | undefined;
  private readonly subscriptions: Subscription[];

  constructor(
    link: NatsLink,
    serverId: string,
    journal: MonitoredJournal,
    site: Pick<FeedSite, "reader" | "config" | "door" | "doorsSeen$">,
  ) {
    const publish = (kind: "door" | "event", message: PublishedDoor | PublishedEvent) => {
      try {
        this.nc?.publish(monitorSubject(serverId, kind), wireJson(message));
      } catch {
        // A connection closing under us: the main asks for the doors again once it is back.
      }
    };
    this.subscriptions = [
      link.connection$.subscribe((nc) => (this.nc = nc)),
      journal.committed$.subscribe((event) => {
        if (this.nc) publish("event", { seq: event.seq, event });
      }),
      doorChanges(journal, site).subscribe(({ seq, doors }) => {
        if (this.nc) for (const door of doors) publish("door", { seq, door });
      }),
    ];
  }

  stop(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
