/**
 * The stored site of a data directory for the CLI's reports: the store opened without a host (no
 * actors, no devices), the site as last saved, and its records; closed again when the command ends.
 */
import { createWriteStream, existsSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { systemClock } from "@portcullis/engine";
import { SiteRecords } from "../reports/SiteRecords";
import { Store } from "../store";
import type { CliIo } from "./command";

/** Runs `run` over the records of the site stored in `dataDir`; exit code 1 when there is none. */
export const withStoredSite = async (
  command: string,
  dataDir: string,
  io: CliIo,
  run: (records: SiteRecords) => Promise<number>,
): Promise<number> => {
  const path = join(dataDir, "portcullis.db");
  // Opening a missing file would create an empty store: say what is wrong instead.
  if (!existsSync(path)) {
    io.err(`portcullis ${command}: no Portcullis data in ${dataDir} (${path} does not exist)`);
    return 1;
  }
  let store: Store;
  try {
    store = await Store.open({ path, clock: systemClock });
  } catch (error) {
    io.err(`portcullis ${command}: ${(error as Error).message}`);
    return 1;
  }
  try {
    const stored = await store.site.load();
    if (stored === undefined) {
      io.err(`portcullis ${command}: no site stored in ${dataDir}; start the host once with it`);
      return 1;
    }
    const records = await SiteRecords.open(
      store,
      { config: stored.site, policy: stored.policy },
      { follow: false },
    );
    try {
      return await run(records);
    } finally {
      await records.close();
    }
  } finally {
    await store.close();
  }
};

/** Where CSV text goes: a file (`--out`), or stdout. Resolves once everything is written. */
export const csvOutput = (io: CliIo, out: string | undefined) => {
  if (out === undefined)
    return {
      write: (csv: string) => {
        if (csv.length > 0) io.out(csv.endsWith("\n") ? csv.slice(0, -1) : csv);
      },
      end: async () => {},
    };
  const file = createWriteStream(out);
  return {
    write: (csv: string) => void file.write(csv),
    end: async () => {
      file.end();
      await once(file, "finish");
    },
  };
};

/** An ISO time with an offset as epoch ms, or `undefined` if it is not one. */
export const parseTime = (text: string): number | undefined => {
  const ms = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
};
