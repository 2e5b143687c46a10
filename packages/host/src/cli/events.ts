/**
 * `portcullis events --data DIR [filters] [--json] [--out FILE]`: the event history of a stored site
 * — by time, door, zone, cardholder and type — as CSV with names (or JSON lines), oldest first.
 */
import { parseArgs } from "node:util";
import type { EventQuery } from "../history/EventQuery";
import { type CliCommand, usageError } from "./command";
import { csvOutput, parseTime, withStoredSite } from "./storedSite";

/** Exports the events matching the filters. */
export const events: CliCommand = {
  words: ["events"],
  usage:
    "portcullis events --data DIR [--from ISO] [--to ISO] [--door ID]… [--zone ID] [--cardholder ID] [--type TYPE]… [--newest-first] [--limit N] [--json] [--out FILE]",
  run: async (args, io) => {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          data: { type: "string" },
          from: { type: "string" },
          to: { type: "string" },
          door: { type: "string", multiple: true },
          zone: { type: "string" },
          cardholder: { type: "string" },
          type: { type: "string", multiple: true },
          "newest-first": { type: "boolean" },
          limit: { type: "string" },
          json: { type: "boolean" },
          out: { type: "string" },
        },
      }));
    } catch (error) {
      return usageError(io, events, (error as Error).message);
    }
    if (values.data === undefined) return usageError(io, events, "--data DIR is required");
    const from = values.from === undefined ? undefined : parseTime(values.from);
    const to = values.to === undefined ? undefined : parseTime(values.to);
    if (values.from !== undefined && from === undefined)
      return usageError(io, events, "--from takes an ISO time with an offset (2026-01-05T08:00:00Z)");
    if (values.to !== undefined && to === undefined)
      return usageError(io, events, "--to takes an ISO time with an offset (2026-01-05T17:00:00Z)");
    const limit = values.limit === undefined ? Infinity : Number(values.limit);
    if (limit !== Infinity && !(Number.isInteger(limit) && limit >= 0))
      return usageError(io, events, "--limit takes a whole number");
    const query: EventQuery = {
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
      ...(values.door !== undefined && { doorIds: values.door }),
      ...(values.zone !== undefined && { zoneId: values.zone }),
      ...(values.cardholder !== undefined && { cardholderId: values.cardholder }),
      ...(values.type !== undefined && { types: values.type }),
      order: values["newest-first"] === true ? "desc" : "asc",
    };
    return withStoredSite("events", values.data, io, async (records) => {
      const out = csvOutput(io, values.out);
      if (values.json === true) {
        let n = 0;
        for await (const event of records.history.all({ ...query, limit: 1_000 })) {
          if (n++ === limit) break;
          out.write(`${JSON.stringify(event)}\n`);
        }
      } else await records.exportEvents(query, out.write, limit);
      await out.end();
      return 0;
    });
  },
};
