/** The backup directory `DATA/backups/`: names that sort by time, and the rotation that keeps the latest. */
import { mkdir, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { timeStamp } from "./fsUtil";

/** Where backups go, under the data directory. */
export const backupsDir = (dataDir: string): string => join(dataDir, "backups");

/** How many backups are kept (seed "Backup and restore": the three latest). */
export const KEPT_BACKUPS = 3;

const NAME = /^portcullis-\d{8}T\d{6}\.\d{3}Z\.db$/;

/** The file name of a backup taken at `at` (UTC, so names sort by time whatever the zone). */
export const backupName = (at: number): string => `portcullis-${timeStamp(at)}.db`;

/** When the backup named `name` was taken (epoch ms): its name's UTC stamp. */
export const backupAt = (name: string): number => {
  const stamp = name.slice("portcullis-".length, -".db".length);
  return Date.parse(
    `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13)}`,
  );
};

/** The backups in `dir`, oldest first; other files are not ours and are left alone. */
export const listBackups = async (dir: string): Promise<string[]> =>
  (await readdir(dir).catch(() => [])).filter((name) => NAME.test(name)).sort();

/** Creates the directory, readable by the host's user only. */
export const ensureBackupsDir = (dir: string): Promise<unknown> =>
  mkdir(dir, { recursive: true, mode: 0o700 });

/** A name for a backup at `at` not taken yet: two backups within one millisecond get the next one. */
export const freeBackupName = async (dir: string, at: number): Promise<string> => {
  const taken = new Set(await listBackups(dir));
  let t = at;
  while (taken.has(backupName(t))) t++;
  return backupName(t);
};

/** Deletes all but the `keep` latest backups; returns the names deleted. */
export const pruneBackups = async (dir: string, keep: number = KEPT_BACKUPS): Promise<string[]> => {
  const old = (await listBackups(dir)).slice(0, -keep);
  await Promise.all(old.map((name) => unlink(join(dir, name))));
  return old;
};
