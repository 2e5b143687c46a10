/** A consistent copy of the live database, written while the host runs, with the host's credentials left out. */
import { open, stat, unlink } from "node:fs/promises";
import { BackupError } from "./BackupError";
import { checkPortcullisDatabase } from "./checkDatabase";
import { closeFile, copyPages, exec, openFile, query } from "./sqliteFile";

/** A snapshot as written. */
export interface Snapshot {
  /** Size of the file in bytes. */
  readonly bytes: number;
  /** The last journalled `seq` the snapshot holds. */
  readonly journalSeq: number;
}

/**
 * What a backup must not carry. The main key lives outside the database already (DESIGN §3); the
 * API tokens' hashes are the host's credentials: a weak `PORTCULLIS_ADMIN_TOKEN` could be guessed
 * offline from its hash. `secure_delete` zeroes the freed cells and pages, so no trace stays in the file.
 */
const STRIP_CREDENTIALS = "PRAGMA secure_delete = ON; DELETE FROM api_tokens;";

/**
 * Writes the database at `source` to the new file `file` (mode 0600): SQLite's online backup API
 * takes it as of one commit while the host goes on writing; the copy is switched to a rollback
 * journal so it is one self-contained file, stripped of credentials and checked as a restore would.
 * A failure leaves no file behind.
 */
export const writeSnapshot = async (source: string, file: string): Promise<Snapshot> => {
  // Created empty first, so the copy is never readable by others, not even while it is written.
  await (await open(file, "wx", 0o600)).close();
  try {
    const live = await openFile(source);
    try {
      await copyPages(live, file);
    } finally {
      await closeFile(live);
    }
    const copy = await openFile(file);
    let journalSeq: number;
    try {
      await exec(copy, "PRAGMA journal_mode = DELETE");
      await checkPortcullisDatabase(copy, file);
      await exec(copy, STRIP_CREDENTIALS);
      const [head] = await query<{ seq: number | null }>(copy, "SELECT max(seq) AS seq FROM journal");
      journalSeq = head?.seq ?? 0;
    } finally {
      await closeFile(copy);
    }
    return { bytes: (await stat(file)).size, journalSeq };
  } catch (e) {
    await unlink(file).catch(() => {});
    throw e instanceof BackupError
      ? e
      : new BackupError({ message: `cannot write the backup ${file}: ${String(e)}`, cause: e });
  }
};
