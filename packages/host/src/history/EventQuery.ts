/** What a history query asks for (seed "Create cardholder activity reports"; issue 12 "Event history"). */
import { Schema } from "effect";

/** Most events one page holds. */
export const MAX_PAGE = 1_000;

/**
 * A history query: every given filter must match. Times are epoch ms, `[from, to)`; `zoneId`
 * matches events naming the zone and events at its doors; `after` is the `seq` a page continues
 * from (exclusive), in `order` (newest first by default).
 */
export const EventQuery = Schema.Struct({
  from: Schema.optionalWith(Schema.Number, { exact: true }),
  to: Schema.optionalWith(Schema.Number, { exact: true }),
  doorIds: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  zoneId: Schema.optionalWith(Schema.String, { exact: true }),
  cardholderId: Schema.optionalWith(Schema.String, { exact: true }),
  types: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  order: Schema.optionalWith(Schema.Literal("asc", "desc"), { exact: true }),
  after: Schema.optionalWith(Schema.Int, { exact: true }),
  limit: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, MAX_PAGE)), { exact: true }),
});
export type EventQuery = typeof EventQuery.Type;
