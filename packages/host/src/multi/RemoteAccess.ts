/**
 * A sub's answers to its main (aggregated monitoring): its door snapshots, a page of its event
 * history, and the manual door and zone commands an operator on the main sends. Only the main can
 * publish on the sub's request subjects (see natsServerConfig), so a request is the main's; the sub
 * still decides: it runs the command itself, journalled by the operator named "via" the main.
 */
import type { Subscription as RxSubscription } from "rxjs";
import type { Msg, NatsConnection, Subscription } from "nats";
import { Either, Schema } from "effect";
import type { ManualCommand, Site } from "@portcullis/engine";
import { EventQuery } from "../history/EventQuery";
import type { SiteRecords } from "../reports/SiteRecords";
import type { Logger } from "../runtime/logger";
import type { NatsLink } from "./NatsLink";
import { requestSubjects } from "./subjects";
import { wireJson } from "./wireJson";

const MANUAL: ReadonlyArray<string> = ["reset", "grant", "unlock", "lock", "lockdown"];

/** A door or zone command as the main forwards it. */
export const RemoteCommand = Schema.Struct({
  command: Schema.Struct({
    type: Schema.String,
    doorId: Schema.optionalWith(Schema.String, { exact: true }),
    zoneId: Schema.optionalWith(Schema.String, { exact: true }),
  }),
  by: Schema.String,
});
export type RemoteCommand = typeof RemoteCommand.Type;

/** What a command request answers: the feed's `result` shape without `id`. */
export type RemoteResult =
  { readonly ok: true } | { readonly ok: false; readonly error: { code: string; message: string } };

const refusal = (code: string, message: string): RemoteResult => ({ ok: false, error: { code, message } });

/** Runs a forwarded `door.*` / `zone.*` manual command on `site`. */
export const runRemoteCommand = (site: Site, request: RemoteCommand): RemoteResult => {
  const [target, action] = request.command.type.split(".");
  if (!MANUAL.includes(action ?? "") || (target !== "door" && target !== "zone"))
    return refusal(
      "BadCommand",
      `a sub server runs door.* and zone.* manual commands only, not ${request.command.type}`,
    );
  const id = target === "door" ? request.command.doorId : request.command.zoneId;
  if (id === undefined) return refusal("BadCommand", `${request.command.type} needs ${target}Id`);
  const result =
    target === "door"
      ? site.manual(id, action as ManualCommand, request.by)
      : site.manualZone(id, action as ManualCommand, request.by);
  return Either.isRight(result) ? { ok: true } : refusal(result.left.code, result.left.message);
};

const decodeQuery = Schema.decodeUnknownEither(EventQuery);
const decodeCommand = Schema.decodeUnknownEither(RemoteCommand);

/** Answers the main's requests while connected. */
export class RemoteAccess {
  private sub: Subscription | undefined;
  private readonly subscription: RxSubscription;

  constructor(
    link: NatsLink,
    serverId: string,
    private readonly site: Site,
    private readonly records: SiteRecords | undefined,
    private readonly logger: Logger,
    /** The journal's committed head: the doors answered are as of it (or later). */
    private readonly head: () => number,
  ) {
    this.subscription = link.connection$.subscribe((nc) => {
      this.sub?.unsubscribe();
      this.sub = nc ? this.listen(nc, serverId) : undefined;
    });
  }

  private listen(nc: NatsConnection, serverId: string): Subscription {
    return nc.subscribe(requestSubjects(serverId), {
      callback: (err, msg) => {
        if (err) return;
        void this.answer(msg).catch((e: unknown) => {
          this.logger.warn("cannot answer the main", { subject: msg.subject, error: String(e) });
          msg.respond(JSON.stringify(refusal("Internal", "the sub server could not answer")));
        });
      },
    });
  }

  private async answer(msg: Msg): Promise<void> {
    const what = msg.subject.split(".").at(-1);
    const body: unknown = msg.data.length === 0 ? {} : msg.json();
    let reply: unknown;
    if (what === "doors") reply = { seq: this.head(), doors: this.site.allDoors() };
    else if (what === "events") {
      const query = decodeQuery(body);
      reply = Either.isLeft(query)
        ? refusal("BadCommand", query.left.message)
        : this.records === undefined
          ? refusal("NotAvailable", "this sub server keeps no event history")
          : { events: (await this.records.history.query(query.right)).events };
    } else {
      const command = decodeCommand(body);
      reply = Either.isLeft(command)
        ? refusal("BadCommand", command.left.message)
        : runRemoteCommand(this.site, command.right);
    }
    msg.respond(wireJson(reply));
  }

  stop(): void {
    this.subscription.unsubscribe();
    this.sub?.unsubscribe();
  }
}
