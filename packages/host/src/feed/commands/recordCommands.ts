/**
 * A site's records over the feed: configuration reports, the event history and its CSV export,
 * roll calls and musters (issue 12). Viewers read what the event feed already shows them (history,
 * roll calls, muster lists); operators get the reports that hold card numbers, bulk exports and the
 * muster actions.
 */
import { Either, Schema } from "effect";
import type { MusterError } from "../../mustering/MusterError";
import { CONFIGURATION_REPORTS } from "../../reports/configurationReports";
import { EventQuery } from "../../history/EventQuery";
import type { SiteRecords } from "../../reports/SiteRecords";
import { FeedError } from "../FeedError";
import {
  type CommandContext,
  type CommandOutcome,
  type CommandSpec,
  defineCommand,
  notAvailable,
} from "./Command";

/** Most events one `journal.export` answer holds; the CLI exports any number. */
export const MAX_FEED_EXPORT = 100_000;

const Ids = Schema.Array(Schema.String);
const NonEmptyIds = Schema.Array(Schema.String).pipe(Schema.minItems(1));

/** Runs `run` on the host's records, or refuses when this host keeps none. */
const withRecords =
  <A>(run: (records: SiteRecords, params: A, context: CommandContext) => Promise<CommandOutcome>) =>
  (params: A, context: CommandContext): Promise<CommandOutcome> | CommandOutcome =>
    context.backend.records === undefined
      ? notAvailable("records")
      : run(context.backend.records, params, context);

const refused = (e: MusterError): FeedError => new FeedError({ code: e.code, message: e.message });
const answer = <A>(result: Either.Either<A, MusterError>): CommandOutcome => Either.mapLeft(result, refused);

/** `report.*`, `journal.query|export` and `muster.*`. */
export const recordCommands: Readonly<Record<string, CommandSpec>> = {
  // A card number is enough to clone a card (as for `reader.lastCard`): operators, not viewers.
  "report.configuration": defineCommand(
    "operator",
    Schema.Struct({
      report: Schema.Literal(...CONFIGURATION_REPORTS),
      format: Schema.optionalWith(Schema.Literal("csv", "rows"), { exact: true }),
    }),
    withRecords(async (records, { report, format }) =>
      Either.right(
        format === "rows"
          ? { report, ...(await records.configurationReport(report)) }
          : { report, csv: await records.configurationCsv(report) },
      ),
    ),
  ),
  "report.rollCall": defineCommand(
    "viewer",
    Schema.Struct({
      zoneIds: Schema.optionalWith(Ids, { exact: true }),
      groupIds: Schema.optionalWith(Ids, { exact: true }),
      presentOnly: Schema.optionalWith(Schema.Boolean, { exact: true }),
      /** Epoch ms; absent: now. */
      at: Schema.optionalWith(Schema.Number, { exact: true }),
    }),
    withRecords(async (records, { at, ...scope }, { backend }) =>
      answer(await records.rollCall(scope, backend.clock.now(), at)),
    ),
  ),
  "journal.query": defineCommand(
    "viewer",
    EventQuery,
    withRecords(async (records, query) => Either.right(await records.history.query(query))),
  ),
  "journal.export": defineCommand(
    "operator",
    EventQuery.pipe(Schema.omit("after", "limit")),
    withRecords(async (records, query) => {
      let csv = "";
      const { count, truncated } = await records.exportEvents(
        query,
        (chunk) => (csv += chunk),
        MAX_FEED_EXPORT,
      );
      return Either.right({ csv, count, truncated });
    }),
  ),
  "muster.start": defineCommand(
    "operator",
    Schema.Struct({
      musterId: Schema.NonEmptyString,
      zoneIds: NonEmptyIds,
      groupIds: Schema.optionalWith(Ids, { exact: true }),
      readerIds: NonEmptyIds,
    }),
    withRecords(async (records, { musterId, ...plan }, { backend, by }) =>
      answer(
        await records.musters.start(
          { id: musterId, ...plan },
          by,
          backend.clock.now(),
          backend.journal.head(),
        ),
      ),
    ),
  ),
  "muster.markSafe": defineCommand(
    "operator",
    Schema.Struct({ musterId: Schema.String, cardholderId: Schema.String }),
    withRecords(async (records, { musterId, cardholderId }, { backend, by }) =>
      answer(await records.musters.markSafe(musterId, cardholderId, by, backend.clock.now())),
    ),
  ),
  "muster.reset": defineCommand(
    "operator",
    Schema.Struct({ musterId: Schema.String }),
    withRecords(async (records, { musterId }) => answer(await records.musters.reset(musterId))),
  ),
  // Without an id: every running muster.
  "muster.status": defineCommand(
    "viewer",
    Schema.Struct({ musterId: Schema.optionalWith(Schema.String, { exact: true }) }),
    withRecords(async (records, { musterId }) =>
      musterId === undefined
        ? Either.right(records.musters.list())
        : answer(records.musters.status(musterId)),
    ),
  ),
};
