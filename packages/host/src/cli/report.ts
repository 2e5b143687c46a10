/** `portcullis report NAME --data DIR [--out FILE]`: a system configuration report of a stored site as CSV. */
import { parseArgs } from "node:util";
import { CONFIGURATION_REPORTS, type ConfigurationReportName } from "../reports/configurationReports";
import { type CliCommand, usageError } from "./command";
import { csvOutput, withStoredSite } from "./storedSite";

const isReport = (name: string | undefined): name is ConfigurationReportName =>
  (CONFIGURATION_REPORTS as ReadonlyArray<string | undefined>).includes(name);

/** Writes one of the six configuration reports (seed "Export system configuration reports"). */
export const report: CliCommand = {
  words: ["report"],
  usage: `portcullis report (${CONFIGURATION_REPORTS.join(" | ")}) --data DIR [--out FILE]`,
  run: async (args, io) => {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { data: { type: "string" }, out: { type: "string" } },
      });
    } catch (error) {
      return usageError(io, report, (error as Error).message);
    }
    const { values, positionals } = parsed;
    const name = positionals[0];
    if (!isReport(name) || positionals.length !== 1)
      return usageError(io, report, `unknown report ${JSON.stringify(positionals.join(" "))}`);
    if (values.data === undefined) return usageError(io, report, "--data DIR is required");
    return withStoredSite("report", values.data, io, async (records) => {
      const out = csvOutput(io, values.out);
      out.write(await records.configurationCsv(name));
      await out.end();
      return 0;
    });
  },
};
