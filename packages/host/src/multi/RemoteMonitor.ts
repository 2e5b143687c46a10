/**
 * The main's live view of its subs (aggregated monitoring, the feed's `servers` topic): their
 * Connected/Disconnected status, the last snapshot of each of their doors, and their committed
 * events as they come. A sub publishes its door changes and events (MonitorPublisher); the main
 * asks a sub for all its doors when it sees it Connected, and keeps of a door whichever snapshot
 * is as of the later journal `seq` — a change published while the answer was on its way is not
 * undone by it.
 */
import { Subject, type Subscription as RxSubscription } from "rxjs";
import type { Msg, Subscription } from "nats";
import type { DoorSnapshot, EngineClock } from "@portcullis/engine";
import type { Logger } from "../runtime/logger";
import { HEARTBEAT_MS } from "./Heartbeat";
import type { PublishedDoor, PublishedEvent } from "./MonitorPublisher";
import type { MultiState, SubServer } from "./MultiState";
import type { NatsLink } from "./NatsLink";
import { allMonitor } from "./subjects";
import type { SubConnection, SubStatus } from "./SubStatus";

/** A sub as monitoring names it: its server id and the name it was added with. */
export interface ServerRef {
  readonly id: string;
  readonly name: string;
}

/** A sub and whether it is Connected. */
export interface ServerState extends ServerRef {
  readonly status: SubConnection;
}

/** What the `servers` topic sends: the subs (on subscribe and when a status changes), their doors and events. */
export type RemoteUpdate =
  | { readonly type: "servers"; readonly servers: ReadonlyArray<ServerState> }
  | { readonly type: "remoteDoor"; readonly server: ServerRef; readonly door: DoorSnapshot }
  | {
      readonly type: "remoteEvent";
      readonly server: ServerRef;
      readonly seq: number;
      readonly event: PublishedEvent["event"];
    };

type DoorsOf = (
  sub: SubServer,
) => Promise<{ readonly seq: number; readonly doors: DoorSnapshot[] } | undefined>;

const refOf = (sub: SubServer): ServerRef => ({ id: sub.serverId, name: sub.name });

/** Follows every sub's doors and events on a main. */
export class RemoteMonitor {
  /** Every change, as the `servers` topic sends it. */
  readonly updates$ = new Subject<RemoteUpdate>();
  private subs: ReadonlyArray<SubServer> = [];
  private servers: ReadonlyArray<ServerState> = [];
  /** By server id, by door id: the latest snapshot and the `seq` it is as of. */
  private readonly doors = new Map<string, Map<string, PublishedDoor>>();
  /** Subs asked for their doors since they were last seen Connected. */
  private readonly asked = new Set<string>();
  private listening: Subscription[] = [];
  private readonly subscription: RxSubscription;
  private timer: unknown;
  private stopped = false;

  constructor(
    link: NatsLink,
    private readonly state: MultiState,
    private readonly status: SubStatus,
    private readonly doorsOf: DoorsOf,
    private readonly clock: EngineClock,
    private readonly logger: Logger,
  ) {
    this.subscription = link.connection$.subscribe((nc) => {
      for (const s of this.listening) s.unsubscribe();
      // Whatever was published while the main was away is asked for again.
      this.asked.clear();
      this.listening = nc
        ? [
            nc.subscribe(allMonitor("door"), { callback: (err, msg) => err || this.read(msg, this.door) }),
            nc.subscribe(allMonitor("event"), { callback: (err, msg) => err || this.read(msg, this.event) }),
          ]
        : [];
    });
    void this.tick();
  }

  /** What a new subscriber is sent first: the subs, then every door known. */
  current(): RemoteUpdate[] {
    const out: RemoteUpdate[] = [{ type: "servers", servers: this.servers }];
    for (const sub of this.subs)
      for (const { door } of this.doors.get(sub.serverId)?.values() ?? [])
        out.push({ type: "remoteDoor", server: refOf(sub), door });
    return out;
  }

  /** Each heartbeat period: the subs and their statuses again, and the doors of a sub newly Connected. */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.refresh();
    } catch (e) {
      this.logger.warn("cannot follow the sub servers; trying again", { error: String(e) });
    } finally {
      if (!this.stopped) this.timer = this.clock.setTimeout(() => void this.tick(), HEARTBEAT_MS);
    }
  }

  private async refresh(): Promise<void> {
    this.subs = await this.state.subs();
    const servers = this.subs.map((s) => ({ ...refOf(s), status: this.status.of(s.serverId).status }));
    for (const id of this.doors.keys()) if (!this.subs.some((s) => s.serverId === id)) this.doors.delete(id);
    if (JSON.stringify(servers) !== JSON.stringify(this.servers)) {
      this.servers = servers;
      this.updates$.next({ type: "servers", servers });
    }
    await Promise.all(
      this.subs.map(async (sub) => {
        if (this.status.of(sub.serverId).status !== "Connected") return void this.asked.delete(sub.serverId);
        if (this.asked.has(sub.serverId)) return;
        this.asked.add(sub.serverId);
        const answer = await this.doorsOf(sub);
        if (answer === undefined) return void this.asked.delete(sub.serverId);
        for (const door of answer.doors) this.keep(sub, { seq: answer.seq, door });
      }),
    );
  }

  private subOf(msg: Msg): SubServer | undefined {
    const id = msg.subject.split(".")[2];
    return this.subs.find((s) => s.serverId === id);
  }

  /** A message a sub's version cannot be read by is logged and dropped: the ones after it still count. */
  private read(msg: Msg, handle: (msg: Msg) => void): void {
    try {
      handle(msg);
    } catch (e) {
      this.logger.warn("a sub's monitoring message not read", { subject: msg.subject, error: String(e) });
    }
  }

  private readonly door = (msg: Msg): void => {
    const sub = this.subOf(msg);
    if (sub !== undefined) this.keep(sub, msg.json<PublishedDoor>());
  };

  private readonly event = (msg: Msg): void => {
    const sub = this.subOf(msg);
    if (sub === undefined) return;
    const { seq, event } = msg.json<PublishedEvent>();
    this.updates$.next({ type: "remoteEvent", server: refOf(sub), seq, event });
  };

  /**
   * Keeps `published` unless a snapshot as of a later `seq` is held. Of two as of the same `seq`,
   * the one that came last is the newer: a sub sends its publications and answers on one NATS
   * connection, which keeps them in order, and a door's first position reading is published as of
   * the head it follows.
   */
  private keep(sub: SubServer, published: PublishedDoor): void {
    let doors = this.doors.get(sub.serverId);
    if (doors === undefined) this.doors.set(sub.serverId, (doors = new Map()));
    const held = doors.get(published.door.id);
    if (held !== undefined && published.seq < held.seq) return;
    doors.set(published.door.id, published);
    this.updates$.next({ type: "remoteDoor", server: refOf(sub), door: published.door });
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer as never);
    this.subscription.unsubscribe();
    for (const s of this.listening) s.unsubscribe();
    this.updates$.complete();
  }
}
