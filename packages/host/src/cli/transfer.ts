/**
 * `portcullis import FILE …` and `portcullis export FILE …` (seed "Import and export") on a data
 * directory: an import runs the stored site through a host of its own, so it takes the same
 * configuration path as `config.import`, and needs the directory free; an export reads the stored
 * site. A progress bar goes to stderr.
 */
import { createReadStream, createWriteStream, existsSync, statSync } from "node:fs";
import { once } from "node:events";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { siteFileJson, systemClock } from "@portcullis/engine";
import { Either, Schema } from "effect";
import { databaseFile } from "../backup";
import { Host } from "../runtime/Host";
import { lastGivenSiteFile } from "../runtime/loadSite";
import { silentLogger } from "../runtime/logger";
import { DataDirInUse, DataDirLock, Store } from "../store";
import { photoFolder } from "../photos";
import { hostTransfer } from "../transfer/CardholderTransfer";
import { writeExport } from "../transfer/exportCsv";
import { ImportOptions } from "../transfer/ImportOptions";
import { type CliCommand, type CliIo, usageError } from "./command";

const BAR_WIDTH = 30;

/** One progress line: `[#######.......]  45% 45000/100000 rows`. */
const bar = (done: number, total: number, what: string): string => {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  return `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${what}`;
};

/** The data directory's database, or why there is none. */
const database = (command: CliCommand, dataDir: string, io: CliIo): string | undefined => {
  const path = databaseFile(dataDir);
  if (existsSync(path)) return path;
  io.err(`portcullis ${command.words[0]}: no Portcullis data in ${dataDir} (${path} does not exist)`);
  return undefined;
};

const decodeOptions = Schema.decodeUnknownEither(ImportOptions, { errors: "all" });

/** Imports cardholders from a CSV file into the site stored in a data directory no host runs on. */
export const importCommand: CliCommand = {
  words: ["import"],
  usage:
    "portcullis import FILE --mode new|update|add [--data DIR] [--no-header] [--delimiter C] " +
    "[--identifier id|name|email] [--card-numbers hex|decimal|both] [--columns A,B,…] [--photos DIR]",
  run: async (args, io) => {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          data: { type: "string" },
          mode: { type: "string" },
          "no-header": { type: "boolean" },
          delimiter: { type: "string" },
          identifier: { type: "string" },
          "card-numbers": { type: "string" },
          columns: { type: "string" },
          photos: { type: "string" },
        },
      });
    } catch (error) {
      return usageError(io, importCommand, (error as Error).message);
    }
    const { values, positionals } = parsed;
    const [file, ...rest] = positionals;
    if (file === undefined || rest.length > 0)
      return usageError(io, importCommand, "one CSV FILE is required");
    if (values.mode === undefined) return usageError(io, importCommand, "--mode new|update|add is required");
    const options = decodeOptions({
      mode: values.mode,
      header: values["no-header"] !== true,
      ...(values.delimiter !== undefined && { delimiter: values.delimiter }),
      ...(values.identifier !== undefined && { identifier: values.identifier }),
      ...(values["card-numbers"] !== undefined && { cardNumbers: values["card-numbers"] }),
      ...(values.columns !== undefined && { columns: values.columns.split(",") }),
    });
    if (Either.isLeft(options))
      return usageError(io, importCommand, options.left.message.split("\n").join(" "));
    if (!existsSync(file)) {
      io.err(`portcullis import: ${file} does not exist`);
      return 1;
    }
    const dataDir = resolve(values.data ?? "data");
    const path = database(importCommand, dataDir, io);
    if (path === undefined) return 1;
    const given = await storedStart(dataDir, path, io);
    if (given === undefined) return 1;
    const host = await Host.start({ dataDir, site: given, logger: silentLogger });
    try {
      const size = statSync(file).size;
      // The photos are checked where the host shows them from, as `start --photos` names it.
      const photoDir = values.photos === undefined ? photoFolder(dataDir) : resolve(values.photos);
      const result = await hostTransfer(host, photoDir).import(
        createReadStream(file),
        options.right,
        "cli",
        (step) =>
          io.progress?.(
            step.phase === "read"
              ? bar(step.bytes, size, `${step.rows} rows read`)
              : bar(size, size, "applying"),
          ),
      );
      io.progress?.("");
      if (Either.isLeft(result)) {
        io.err(`portcullis import: ${result.left.message}`);
        return 1;
      }
      const r = result.right;
      io.out(`Imported ${file}: ${r.added} added, ${r.updated} updated, ${r.removed} removed.`);
      for (const w of r.warnings) io.err(`warning: ${w.field}: ${w.message}`);
      return 0;
    } finally {
      await host.stop();
    }
  },
};

/**
 * The `--config` file the stored site was started with, read while holding the directory: a host
 * running on it is reported instead.
 */
const storedStart = async (dataDir: string, path: string, io: CliIo) => {
  let lock: DataDirLock;
  try {
    lock = await DataDirLock.acquire(dataDir);
  } catch (e) {
    if (!(e instanceof DataDirInUse)) throw e;
    io.err(`portcullis import: ${e.message}: use its WebSocket command config.import, or stop it first`);
    return undefined;
  }
  try {
    const store = await Store.open({ path, clock: systemClock });
    try {
      const given = await lastGivenSiteFile(store);
      if (given === undefined)
        io.err(`portcullis import: no site stored in ${dataDir}; start the host once with it`);
      return given;
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
};

/** Exports the cardholders of the site stored in a data directory to a CSV file. */
export const exportCommand: CliCommand = {
  words: ["export"],
  usage: "portcullis export FILE [--data DIR]",
  run: async (args, io) => {
    let parsed;
    try {
      parsed = parseArgs({ args: [...args], allowPositionals: true, options: { data: { type: "string" } } });
    } catch (error) {
      return usageError(io, exportCommand, (error as Error).message);
    }
    const [file, ...rest] = parsed.positionals;
    if (file === undefined || rest.length > 0)
      return usageError(io, exportCommand, "one CSV FILE is required");
    const dataDir = resolve(parsed.values.data ?? "data");
    const path = database(exportCommand, dataDir, io);
    if (path === undefined) return 1;
    const store = await Store.open({ path, clock: systemClock });
    try {
      const stored = await store.site.load();
      if (stored === undefined) {
        io.err(`portcullis export: no site stored in ${dataDir}; start the host once with it`);
        return 1;
      }
      const out = createWriteStream(file);
      const rows = await writeExport(siteFileJson(stored.site, stored.policy), out, (done, total) =>
        io.progress?.(bar(done, total, `${done}/${total} cardholders`)),
      );
      out.end();
      await once(out, "finish");
      io.progress?.("");
      io.out(`Exported ${rows} cardholders to ${file}.`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
