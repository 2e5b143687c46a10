/**
 * `portcullis rollcall` and `portcullis muster` over a stored site: who is present in which zone
 * (now, or `--at` a past time, from the journal), and the safe / missing lists of running musters.
 * Starting musters and marking people safe are done over the WebSocket, where the host runs them.
 */
import { parseArgs } from "node:util";
import { Either } from "effect";
import { musterTable, rollCallTable } from "../mustering/tables";
import { tableCsv } from "../reports/csv";
import { type CliCommand, usageError } from "./command";
import { csvOutput, parseTime, withStoredSite } from "./storedSite";

/** A roll call as CSV. */
export const rollCallCommand: CliCommand = {
  words: ["rollcall"],
  usage: "portcullis rollcall --data DIR [--zone ID]… [--group ID]… [--at ISO] [--out FILE]",
  run: async (args, io) => {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          data: { type: "string" },
          zone: { type: "string", multiple: true },
          group: { type: "string", multiple: true },
          at: { type: "string" },
          out: { type: "string" },
        },
      }));
    } catch (error) {
      return usageError(io, rollCallCommand, (error as Error).message);
    }
    if (values.data === undefined) return usageError(io, rollCallCommand, "--data DIR is required");
    const at = values.at === undefined ? undefined : parseTime(values.at);
    if (values.at !== undefined && at === undefined)
      return usageError(io, rollCallCommand, "--at takes an ISO time with an offset (2026-01-05T08:00:00Z)");
    return withStoredSite("rollcall", values.data, io, async (records) => {
      const call = await records.rollCall(
        {
          ...(values.zone !== undefined && { zoneIds: values.zone }),
          ...(values.group !== undefined && { groupIds: values.group }),
        },
        Date.now(),
        at,
      );
      if (Either.isLeft(call)) {
        io.err(`portcullis rollcall: ${call.left.message}`);
        return 1;
      }
      if (!call.right.complete)
        io.err(
          "portcullis rollcall: the journal no longer reaches back to its start; presence may be incomplete",
        );
      const out = csvOutput(io, values.out);
      out.write(tableCsv(rollCallTable(call.right)));
      await out.end();
      return 0;
    });
  },
};

/** The running musters' safe / missing lists as CSV. */
export const musterCommand: CliCommand = {
  words: ["muster"],
  usage: "portcullis muster --data DIR [--id MUSTER] [--out FILE]",
  run: async (args, io) => {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: { data: { type: "string" }, id: { type: "string" }, out: { type: "string" } },
      }));
    } catch (error) {
      return usageError(io, musterCommand, (error as Error).message);
    }
    if (values.data === undefined) return usageError(io, musterCommand, "--data DIR is required");
    const id = values.id;
    return withStoredSite("muster", values.data, io, async (records) => {
      const musters =
        id === undefined
          ? Either.right(records.musters.list())
          : Either.map(records.musters.status(id), (m) => [m]);
      if (Either.isLeft(musters)) {
        io.err(`portcullis muster: ${musters.left.message}`);
        return 1;
      }
      const out = csvOutput(io, values.out);
      out.write(tableCsv(musterTable(musters.right)));
      await out.end();
      return 0;
    });
  },
};
