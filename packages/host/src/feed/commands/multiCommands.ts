/**
 * Multi-server over the feed (seed "Multi server"): `multi.status` (viewer) lists this server's
 * role and, on a main, its subs with Connected/Disconnected; `multi.key`, `multi.revoke`,
 * `multi.add` and `multi.remove` (admin) pair and unpair servers.
 */
import { Either, Schema } from "effect";
import { EventQuery } from "../../history/EventQuery";
import { FeedError } from "../FeedError";
import type { FeedBackend } from "../FeedBackend";
import { type CommandOutcome, type CommandSpec, defineCommand, notAvailable } from "./Command";

type Multi = NonNullable<FeedBackend["multi"]>;

const outcome = <A>(
  result: Either.Either<A, { readonly code: string; readonly message: string }>,
): CommandOutcome =>
  Either.mapLeft(result, (e) => new FeedError({ code: e.code as FeedError["code"], message: e.message }));

const withMulti = async (backend: FeedBackend, run: (multi: Multi) => Promise<CommandOutcome>) =>
  backend.multi === undefined ? notAvailable("multi-server") : run(backend.multi);

const Port = Schema.Number.pipe(Schema.int(), Schema.between(1, 65_535));

export const multiCommands: Readonly<Record<string, CommandSpec>> = {
  "multi.status": defineCommand("viewer", Schema.Struct({}), (_, { backend }) =>
    withMulti(backend, async (m) => Either.right(await m.status())),
  ),
  /** Answers `{key}`: the configuration key file's content, to save and carry to the main. */
  "multi.key": defineCommand("admin", Schema.Struct({}), (_, { backend }) =>
    withMulti(backend, async (m) => outcome(Either.map(await m.issueKey(), (key) => ({ key })))),
  ),
  "multi.revoke": defineCommand("admin", Schema.Struct({}), (_, { backend }) =>
    withMulti(backend, async (m) => outcome(await m.revokeKey())),
  ),
  /** `key`: the key file's content (its text, or the parsed object). */
  "multi.add": defineCommand(
    "admin",
    Schema.Struct({
      key: Schema.Union(Schema.String, Schema.Object),
      name: Schema.NonEmptyString,
      host: Schema.NonEmptyString,
      port: Port,
    }),
    (p, { backend }) =>
      withMulti(backend, async (m) => {
        const text = typeof p.key === "string" ? p.key : JSON.stringify(p.key);
        const added = await m.addSub(text, { name: p.name, host: p.host, port: p.port });
        return outcome(
          Either.map(added, (s) => ({ name: s.name, host: s.host, port: s.port, serverId: s.serverId })),
        );
      }),
  ),
  /** `{doors, unreachable}`: every server's door snapshots, each with `server`. */
  "multi.doors": defineCommand("viewer", Schema.Struct({}), (_, { backend }) =>
    withMulti(backend, async (m) =>
      outcome(Either.map(await m.doors(), (a) => ({ doors: a.items, unreachable: a.unreachable }))),
    ),
  ),
  /** `journal.query` over every server: `{events, unreachable}`, each event with `server`. */
  "multi.events": defineCommand("viewer", EventQuery, (query, { backend }) =>
    withMulti(backend, async (m) =>
      outcome(Either.map(await m.events(query), (a) => ({ events: a.items, unreachable: a.unreachable }))),
    ),
  ),
  /** `{server, command: {type: "door.unlock", doorId}}`: a manual door or zone command, run on that server. */
  "multi.command": defineCommand(
    "operator",
    Schema.Struct({
      server: Schema.NonEmptyString,
      command: Schema.Struct({
        type: Schema.String,
        doorId: Schema.optionalWith(Schema.String, { exact: true }),
        zoneId: Schema.optionalWith(Schema.String, { exact: true }),
      }),
    }),
    (p, { backend, by }) =>
      withMulti(backend, async (m) => {
        const sent = await m.command(p.server, p.command, by);
        if (Either.isLeft(sent)) return outcome(sent);
        const result = sent.right;
        return result.ok
          ? Either.right(undefined)
          : Either.left(
              new FeedError({ code: result.error.code as FeedError["code"], message: result.error.message }),
            );
      }),
  ),
  "multi.remove": defineCommand("admin", Schema.Struct({ name: Schema.NonEmptyString }), (p, { backend }) =>
    withMulti(backend, async (m) =>
      outcome(Either.map(await m.removeSub(p.name), (s) => ({ name: s.name }))),
    ),
  ),
};
