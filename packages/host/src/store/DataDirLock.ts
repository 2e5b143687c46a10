/** One host per data directory: an exclusive SQLite lock on `DIR/portcullis.lock`, held while the host runs. */
import { join } from "node:path";
import { Data } from "effect";
import sqlite3 from "sqlite3";
import { ownerOnly } from "./ownerOnly";

/** The lock file inside a data directory. */
export const LOCK_FILE = "portcullis.lock";

/** Another process holds the data directory (or the lock file cannot be opened). */
export class DataDirInUse extends Data.TaggedError("DataDirInUse")<{
  readonly dir: string;
  readonly message: string;
}> {}

const exec = (db: sqlite3.Database, sql: string): Promise<void> =>
  new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));

const close = (db: sqlite3.Database): Promise<void> =>
  new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));

/**
 * Holds the data directory. The lock is SQLite's own (an fcntl lock the kernel drops when the
 * process dies, `kill -9` included), so a crashed host leaves no stale lock behind and a reused pid
 * can never keep a directory locked; within one process a second connection is refused too.
 */
export class DataDirLock {
  private constructor(private readonly db: sqlite3.Database) {}

  /** Takes the lock, or fails at once with `DataDirInUse`. */
  static async acquire(dir: string): Promise<DataDirLock> {
    const path = join(dir, LOCK_FILE);
    const db = await ownerOnly(path, ["-journal"])
      .then(
        () =>
          new Promise<sqlite3.Database>((resolve, reject) => {
            const opened: sqlite3.Database = new sqlite3.Database(path, (err) =>
              err ? reject(err) : resolve(opened),
            );
          }),
      )
      .catch((cause: unknown) => {
        throw new DataDirInUse({ dir, message: `cannot open the lock file ${path}: ${String(cause)}` });
      });
    try {
      // In exclusive locking mode the write lock of the first transaction is kept until close.
      await exec(
        db,
        `PRAGMA locking_mode = EXCLUSIVE; PRAGMA busy_timeout = 0; BEGIN EXCLUSIVE;
         CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL); DELETE FROM holder;
         INSERT INTO holder (pid) VALUES (${process.pid}); COMMIT;`,
      );
    } catch (cause) {
      await close(db).catch(() => {});
      const busy = (cause as { code?: unknown }).code === "SQLITE_BUSY";
      throw new DataDirInUse({
        dir,
        message: busy
          ? `the data directory ${dir} is in use by another running Portcullis; stop it first or give another --data`
          : `cannot lock the data directory ${dir}: ${String(cause)}`,
      });
    }
    return new DataDirLock(db);
  }

  /** Lets the directory go. */
  release(): Promise<void> {
    return close(this.db);
  }
}
