/**
 * Restoring the database from a backup, with the host stopped: `portcullis restore FILE`, or a file
 * dropped in `DATA/restore/` and picked up at the next start (seed "Backup and restore"). The file is
 * checked on a copy first; a refused file changes nothing.
 */
import { constants } from "node:fs";
import { chmod, copyFile, mkdir, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, join } from "node:path";
import type { EngineClock } from "@portcullis/engine";
import type { Logger } from "../runtime/logger";
import { Database, migrate, Store, type SqlValue } from "../store";
import { BackupError } from "./BackupError";
import { checkPortcullisDatabase } from "./checkDatabase";
import { isCode, timeStamp } from "./fsUtil";
import { appendHostEvent } from "./hostEvents";
import { closeFile, openFile } from "./sqliteFile";

/** The store's database file in a data directory. */
export const databaseFile = (dataDir: string): string => join(dataDir, "portcullis.db");

/** Where files to restore are dropped, under the data directory. */
export const restoreDir = (dataDir: string): string => join(dataDir, "restore");

/** What a restore needs. */
export interface RestoreOptions {
  readonly dataDir: string;
  readonly clock: EngineClock;
  readonly logger: Logger;
}

/** A restore done. */
export interface Restored {
  /** Where the database it replaced was set aside (absent: there was none). */
  readonly replaced: string | undefined;
  /** The restored file's schema version (migrated to this code's on the way in). */
  readonly schemaVersion: number;
}

const ignoreMissing = (e: unknown): void => {
  if (!isCode(e, "ENOENT")) throw e;
};
const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

const SIDE_FILES = ["", "-wal", "-shm", "-journal"];

const removeDatabase = (path: string): Promise<unknown> =>
  Promise.all(SIDE_FILES.map((s) => unlink(path + s).catch(ignoreMissing)));

/** Moves `file` into `dir` under its name, or with a time prefix when that name is taken. */
const moveInto = async (file: string, dir: string, at: number): Promise<string> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const plain = join(dir, basename(file));
  const target = (await exists(plain)) ? join(dir, `${timeStamp(at)}-${basename(file)}`) : plain;
  await rename(file, target);
  return target;
};

/**
 * The API tokens of the database being replaced: tokens are the host's credentials, never in a backup,
 * so a restore keeps the ones admins hold now. Undefined when there is no database or it cannot be
 * read; the restored host then starts without tokens and issues a first admin token (DESIGN §8).
 */
const currentTokens = async (
  path: string,
  now: number,
  logger: Logger,
): Promise<Array<Record<string, SqlValue>> | undefined> => {
  if (!(await exists(path))) return undefined;
  let db: Database | undefined;
  try {
    db = await Database.open(path);
    await migrate(db, now);
    return await db.all<Record<string, SqlValue>>("SELECT * FROM api_tokens");
  } catch (e) {
    logger.warn("the replaced database's API tokens cannot be read: a new admin token will be issued", {
      error: String(e),
    });
    return undefined;
  } finally {
    await db?.close().catch(() => {});
  }
};

/** Brings the checked copy to this code's schema and gives it the host's current tokens. */
const prepare = async (staging: string, current: string, options: RestoreOptions): Promise<void> => {
  const now = options.clock.now();
  const tokens = await currentTokens(current, now, options.logger);
  const db = await Database.open(staging);
  try {
    await migrate(db, now);
    if (tokens !== undefined)
      await db.transaction(async (tx) => {
        await tx.run("DELETE FROM api_tokens");
        for (const row of tokens) {
          const columns = Object.keys(row);
          await tx.run(
            `INSERT INTO api_tokens (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
            columns.map((c) => row[c]!),
          );
        }
      });
  } finally {
    await db.close();
  }
};

/**
 * Replaces the database of `options.dataDir` (no host may run on it: the caller holds the
 * directory) with the backup `file`, journalling `RestoreDone` in it. The file is copied, and the
 * copy checked (integrity, a Portcullis schema no newer than this code) and prepared before anything
 * else is touched: a refused file rejects with a `BackupError` and changes nothing. The replaced
 * database is moved to `DATA/restore/replaced/`.
 */
export const restoreDatabase = async (file: string, options: RestoreOptions): Promise<Restored> => {
  const { dataDir, clock } = options;
  const current = databaseFile(dataDir);
  const staging = `${current}.restoring`;
  await removeDatabase(staging);
  try {
    await copyFile(file, staging, constants.COPYFILE_EXCL);
  } catch (e) {
    throw new BackupError({ message: `cannot read ${file}: ${(e as Error).message}`, cause: e });
  }
  let schemaVersion: number;
  try {
    await chmod(staging, 0o600);
    const raw = await openFile(staging);
    try {
      schemaVersion = await checkPortcullisDatabase(raw, basename(file));
    } finally {
      await closeFile(raw);
    }
    await prepare(staging, current, options);
  } catch (e) {
    await removeDatabase(staging);
    throw e;
  }
  const at = clock.now();
  // A cleanly closed database has no -wal; after a crash its -wal holds commits and goes with it.
  let replaced: string | undefined;
  if (await exists(current)) {
    const dir = join(restoreDir(dataDir), "replaced");
    await mkdir(dir, { recursive: true, mode: 0o700 });
    replaced = join(dir, `portcullis-${timeStamp(at)}.db`);
    for (const s of SIDE_FILES) await rename(current + s, replaced + s).catch(ignoreMissing);
  }
  await rename(staging, current);
  const store = await Store.open({ path: current, clock });
  try {
    appendHostEvent(store, {
      type: "RestoreDone",
      at,
      file: basename(file),
      ...(replaced !== undefined && { replaced }),
    });
  } finally {
    await store.close();
  }
  return { replaced, schemaVersion };
};

/**
 * At start, before the store opens: restores the one file waiting in `DATA/restore/`, then moves it
 * to `restore/done/`; a refused file goes to `restore/refused/` and the database stays as it was.
 * Several files waiting are all left alone (which one was meant?). Everything is logged.
 */
export const restorePending = async (options: RestoreOptions): Promise<Restored | undefined> => {
  const { logger, clock } = options;
  const dir = restoreDir(options.dataDir);
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: unknown) => {
    ignoreMissing(e);
    return [];
  });
  const files = entries.filter((e) => e.isFile() && !e.name.startsWith(".")).map((e) => e.name);
  if (files.length === 0) return undefined;
  if (files.length > 1) {
    logger.error("restore skipped: leave exactly one file in the restore directory", { dir, files });
    return undefined;
  }
  const file = join(dir, files[0]!);
  try {
    const restored = await restoreDatabase(file, options);
    const moved = await moveInto(file, join(dir, "done"), clock.now());
    logger.info("database restored from a backup", { file: moved, ...restored });
    return restored;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    const moved = await moveInto(file, join(dir, "refused"), clock.now());
    logger.error("restore refused; the database is unchanged", { file: moved, reason: e.message });
    return undefined;
  }
};
