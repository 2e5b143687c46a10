/**
 * Raw sqlite3 connections to files beside the live store — a snapshot being written, a file to
 * restore — where the store's `Database` does not fit: the online backup API is on the raw handle.
 */
import sqlite3 from "sqlite3";
import { BackupError } from "./BackupError";

/** The part of node-sqlite3's `Backup` used here; its typings omit `Database#backup`. */
interface RawBackup {
  step(pages: number, done: (err: Error | null) => void): void;
  finish(done: (err: Error | null) => void): void;
  readonly completed: boolean;
}

const wrap = async <A>(doing: string, start: (done: (err: Error | null, value: A) => void) => void) => {
  try {
    return await new Promise<A>((resolve, reject) =>
      start((err, value) => (err ? reject(err) : resolve(value))),
    );
  } catch (cause) {
    throw new BackupError({ message: `${doing}: ${(cause as Error).message}`, cause });
  }
};

/** Opens an existing database file (never creates one) with a busy timeout for the live store's locks. */
export const openFile = async (path: string): Promise<sqlite3.Database> => {
  const db = await wrap<sqlite3.Database>(`cannot open ${path}`, (done) => {
    const raw: sqlite3.Database = new sqlite3.Database(path, sqlite3.OPEN_READWRITE, (err) => done(err, raw));
  });
  db.configure("busyTimeout", 5_000);
  return db;
};

/** Every row of a query. */
export const query = <T>(db: sqlite3.Database, sql: string): Promise<T[]> =>
  wrap<T[]>(sql, (done) => db.all<T>(sql, done));

/** Runs a script of statements. */
export const exec = (db: sqlite3.Database, sql: string): Promise<void> =>
  wrap<void>(sql, (done) => db.exec(sql, (err) => done(err, undefined)));

/** Closes a connection. */
export const closeFile = (db: sqlite3.Database): Promise<void> =>
  wrap<void>("cannot close a database", (done) => db.close((err) => done(err, undefined)));

/**
 * Copies every page of `source` into the database file `dest` with SQLite's online backup API, in
 * one step: one read transaction, so the copy is the database as of one commit while writers go on.
 */
export const copyPages = async (source: sqlite3.Database, dest: string): Promise<void> => {
  const backup = await wrap<RawBackup>(`cannot start a backup into ${dest}`, (done) => {
    const b: RawBackup = (
      source as unknown as { backup(file: string, cb: (err: Error | null) => void): RawBackup }
    ).backup(dest, (err) => done(err, b));
  });
  try {
    await wrap<void>(`backup into ${dest} failed`, (done) => backup.step(-1, (err) => done(err, undefined)));
    if (!backup.completed)
      throw new BackupError({ message: `backup into ${dest} did not complete`, cause: undefined });
  } finally {
    await wrap<void>(`cannot finish the backup into ${dest}`, (done) =>
      backup.finish((err) => done(err, undefined)),
    );
  }
};
