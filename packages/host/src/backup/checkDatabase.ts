/** Whether a database file is a sound Portcullis database this version can open: checked before any restore. */
import type sqlite3 from "sqlite3";
import { migrations } from "../store";
import { BackupError } from "./BackupError";
import { query } from "./sqliteFile";

const refused = (name: string, reason: string, cause?: unknown): BackupError =>
  new BackupError({ message: `${name} cannot be restored: ${reason}`, cause });

/**
 * Checks the file behind `db` (named `name` in messages): SQLite's full integrity check passes, its
 * schema history is Portcullis's, and its schema version is not newer than this code's (an older
 * one is migrated when opened). Resolves to its schema version; rejects with the reason otherwise.
 */
export const checkPortcullisDatabase = async (db: sqlite3.Database, name: string): Promise<number> => {
  let integrity: Array<{ integrity_check: string }>;
  try {
    integrity = await query(db, "PRAGMA integrity_check");
  } catch (e) {
    const cause = (e as BackupError).cause as Error;
    throw refused(name, `it is damaged or not an SQLite database (${cause.message})`, e);
  }
  if (integrity.length !== 1 || integrity[0]?.integrity_check !== "ok")
    throw refused(
      name,
      `it fails SQLite's integrity check (${integrity
        .slice(0, 3)
        .map((r) => r.integrity_check)
        .join("; ")})`,
    );
  const hasHistory = await query(
    db,
    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'",
  );
  const history = hasHistory.length
    ? await query<{ version: number; name: string }>(
        db,
        "SELECT version, name FROM schema_migrations ORDER BY version",
      )
    : [];
  const ours = history.every(
    (m, i) => m.version === i + 1 && (i >= migrations.length || m.name === migrations[i]?.name),
  );
  if (history.length === 0 || !ours)
    throw refused(name, "it is not a Portcullis database (no Portcullis schema history)");
  const version = history.length;
  const latest = migrations.length;
  if (version > latest)
    throw refused(name, `its schema version ${version} is newer than this Portcullis (${latest})`);
  return version;
};
