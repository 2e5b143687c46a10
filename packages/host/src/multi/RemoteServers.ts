/**
 * The main's aggregated view (seed steps 6 and 7): the doors of every server, each with a `server`
 * field; one event search over every server, each event with its `server`; and manual door or zone
 * commands sent to a sub, which runs them itself. Subs that do not answer within a second are
 * listed as unreachable rather than holding the answer up.
 */
import { nuid, type NatsConnection } from "nats";
import type { DoorSnapshot, Site } from "@portcullis/engine";
import type { EventQuery } from "../history/EventQuery";
import type { KeyedEvent } from "../history/eventKeys";
import type { SiteRecords } from "../reports/SiteRecords";
import { MultiError } from "./MultiError";
import type { MultiState, SubServer } from "./MultiState";
import type { NatsLink } from "./NatsLink";
import { type RemoteResult, runRemoteCommand } from "./RemoteAccess";
import { replySubjects, requestSubject } from "./subjects";
import type { SubStatus } from "./SubStatus";

/** How long a sub has to answer. */
const REQUEST_TIMEOUT_MS = 1_000;

/** Most events one aggregated search answers, as `journal.query`'s default page. */
const DEFAULT_LIMIT = 100;

/** A door of some server. */
export type ServerDoor = DoorSnapshot & { readonly server: string };

/** An event of some server. */
export type ServerEvent = KeyedEvent & { readonly server: string };

/** What an aggregated read answers: the items, and the subs that did not answer. */
export interface Aggregated<A> {
  readonly items: ReadonlyArray<A>;
  readonly unreachable: ReadonlyArray<string>;
}

export class RemoteServers {
  constructor(
    private readonly link: NatsLink,
    /** This main's NATS user: the subs answer under its inbox. */
    private readonly mainUser: string,
    private readonly state: MultiState,
    private readonly status: SubStatus,
    private readonly site: Site,
    private readonly records: SiteRecords | undefined,
  ) {}

  /** Every server's doors, this one's first. */
  async doors(): Promise<Aggregated<ServerDoor>> {
    const own = this.site.allDoors().map((d) => ({ ...d, server: this.site.config.name }));
    const remote = await this.ask<{ doors: DoorSnapshot[] }>("doors", {});
    return {
      items: [
        ...own,
        ...remote.answers.flatMap(([sub, a]) => a.doors.map((d) => ({ ...d, server: sub.name }))),
      ],
      unreachable: remote.unreachable,
    };
  }

  /** One page of events over every server, in the query's order (newest first by default). */
  async events(query: EventQuery): Promise<Aggregated<ServerEvent>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const own = this.records ? (await this.records.history.query(query)).events : [];
    const remote = await this.ask<{ events: KeyedEvent[] }>("events", { ...query, limit });
    const all: ServerEvent[] = [
      ...own.map((e) => ({ ...e, server: this.site.config.name })),
      ...remote.answers.flatMap(([sub, a]) => (a.events ?? []).map((e) => ({ ...e, server: sub.name }))),
    ];
    const asc = query.order === "asc";
    all.sort((a, b) => (asc ? a.at - b.at : b.at - a.at));
    return { items: all.slice(0, limit), unreachable: remote.unreachable };
  }

  /** Runs a manual door or zone command on the server named `server` (this one's own name: here). */
  async command(server: string, command: RemoteCommandInput, by: string): Promise<RemoteResult> {
    if (server === this.site.config.name) return runRemoteCommand(this.site, { command, by });
    const sub = (await this.state.subs()).find((s) => s.name === server);
    if (sub === undefined) throw MultiError.of("UnknownSubServer", `no sub server is named "${server}"`);
    const nc = this.link.connection$.value;
    if (nc === undefined)
      return { ok: false, error: { code: "NotAvailable", message: "the main is not connected to NATS" } };
    try {
      const reply = await this.request(nc, sub, "command", {
        command,
        by: `${by} via main "${this.site.config.name}"`,
      });
      return reply.json<RemoteResult>();
    } catch (e) {
      return {
        ok: false,
        error: { code: "NotAvailable", message: `sub server "${server}" did not answer: ${String(e)}` },
      };
    }
  }

  /** One sub's doors, as of its journal's `seq`; `undefined` if it did not answer. */
  async doorsOf(
    sub: SubServer,
  ): Promise<{ readonly seq: number; readonly doors: DoorSnapshot[] } | undefined> {
    const nc = this.link.connection$.value;
    if (nc === undefined) return undefined;
    try {
      return (await this.request(nc, sub, "doors", {})).json();
    } catch {
      return undefined;
    }
  }

  /** A request to `sub`, answered under its own prefix of this main's inbox (all it may publish there). */
  private request(nc: NatsConnection, sub: SubServer, what: "doors" | "events" | "command", body: unknown) {
    return nc.request(requestSubject(sub.serverId, what), JSON.stringify(body), {
      timeout: REQUEST_TIMEOUT_MS,
      noMux: true,
      reply: `${replySubjects(this.mainUser, sub.serverId)}.${nuid.next()}`,
    });
  }

  private async ask<A>(what: "doors" | "events", body: unknown) {
    const subs = await this.state.subs();
    const nc: NatsConnection | undefined = this.link.connection$.value;
    const answers: Array<[SubServer, A]> = [];
    const unreachable: string[] = [];
    await Promise.all(
      subs.map(async (sub) => {
        if (nc === undefined || this.status.of(sub.serverId).status !== "Connected") {
          unreachable.push(sub.name);
          return;
        }
        try {
          const reply = await this.request(nc, sub, what, body);
          answers.push([sub, reply.json<A>()]);
        } catch {
          unreachable.push(sub.name);
        }
      }),
    );
    answers.sort(([a], [b]) => a.addedAt - b.addedAt);
    return { answers, unreachable };
  }
}

/** A door or zone command as a client sends it. */
export type RemoteCommandInput = {
  readonly type: string;
  readonly doorId?: string;
  readonly zoneId?: string;
};
