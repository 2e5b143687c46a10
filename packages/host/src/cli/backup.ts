/**
 * `portcullis backup [--data DIR]` and `portcullis restore FILE [--data DIR]` (seed "Backup and
 * restore"): for a data directory no host runs on; a running host backs up over `backup.now`.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { systemClock } from "@portcullis/engine";
import { appendHostEvent, BackupError, Backups, databaseFile, restoreDatabase } from "../backup";
import { DataDirInUse, DataDirLock } from "../store";
import { jsonLogger } from "../runtime/logger";
import { Store } from "../store";
import { type CliCommand, type CliIo, usageError } from "./command";

const parse = (command: CliCommand, args: ReadonlyArray<string>, io: CliIo) => {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { data: { type: "string" } },
      allowPositionals: true,
    });
    return { dataDir: resolve(values.data ?? "data"), positionals };
  } catch (error) {
    return usageError(io, command, (error as Error).message);
  }
};

/**
 * Runs `work` holding the data directory: a host running on it is reported with `hint`, a failure
 * of `work` with `outcome` (what it left as it was).
 */
const holding = async (
  command: CliCommand,
  dataDir: string,
  messages: { readonly hint: string; readonly outcome: string },
  io: CliIo,
  work: () => Promise<number>,
): Promise<number> => {
  let lock: DataDirLock;
  try {
    lock = await DataDirLock.acquire(dataDir);
  } catch (e) {
    if (!(e instanceof DataDirInUse)) throw e;
    io.err(`portcullis ${command.words.join(" ")}: ${e.message}: ${messages.hint}`);
    return 1;
  }
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    io.err(`portcullis ${command.words.join(" ")}: ${e.message}; ${messages.outcome}`);
    return 1;
  } finally {
    await lock.release();
  }
};

/** Writes a backup into `DATA/backups/` (keeping the three latest) and journals it, by `cli`. */
export const backupCommand: CliCommand = {
  words: ["backup"],
  usage: "portcullis backup [--data DIR]",
  run: async (args, io) => {
    const p = parse(backupCommand, args, io);
    if (typeof p === "number") return p;
    if (p.positionals.length > 0) return usageError(io, backupCommand, "no arguments besides --data");
    const database = databaseFile(p.dataDir);
    if (!existsSync(database)) {
      io.err(`portcullis backup: no Portcullis database in ${p.dataDir}`);
      return 1;
    }
    const messages = {
      hint: "use its WebSocket command backup.now, or stop it first",
      outcome: "no backup was written",
    };
    return holding(backupCommand, p.dataDir, messages, io, async () => {
      const store = await Store.open({ path: database, clock: systemClock });
      try {
        const written = await new Backups({
          dataDir: p.dataDir,
          database,
          clock: systemClock,
          record: (event) => appendHostEvent(store, event),
          logger: jsonLogger(),
        }).now("cli");
        io.out(
          `Backup written: ${written.file} (${written.bytes} bytes, journal up to seq ${written.journalSeq})`,
        );
        return 0;
      } finally {
        await store.close();
      }
    });
  },
};

/** Replaces the database with a backup after checking it; a refused file changes nothing. */
export const restoreCommand: CliCommand = {
  words: ["restore"],
  usage: "portcullis restore FILE [--data DIR]",
  run: async (args, io) => {
    const p = parse(restoreCommand, args, io);
    if (typeof p === "number") return p;
    const [file, ...rest] = p.positionals;
    if (file === undefined || rest.length > 0)
      return usageError(io, restoreCommand, "one backup FILE is required");
    await mkdir(p.dataDir, { recursive: true });
    const messages = {
      hint: `stop it first, or drop the file in ${resolve(p.dataDir, "restore")}/ and restart it`,
      outcome: "the database is unchanged",
    };
    return holding(restoreCommand, p.dataDir, messages, io, async () => {
      const restored = await restoreDatabase(resolve(file), {
        dataDir: p.dataDir,
        clock: systemClock,
        logger: jsonLogger(),
      });
      io.out(
        `Restored ${file} into ${p.dataDir}` +
          (restored.replaced === undefined
            ? "."
            : `; the replaced database is kept as ${restored.replaced}.`),
      );
      return 0;
    });
  },
};
