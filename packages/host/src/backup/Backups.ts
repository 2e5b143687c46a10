/** Backups of a running host's database into `DATA/backups/`, one at a time, each journalled as `BackupDone`. */
import { basename, join } from "node:path";
import type { EngineClock } from "@portcullis/engine";
import type { HostEventInput } from "../events";
import type { Logger } from "../runtime/logger";
import { stat } from "node:fs/promises";
import {
  backupAt,
  backupsDir,
  ensureBackupsDir,
  freeBackupName,
  listBackups,
  pruneBackups,
} from "./backupFiles";
import { writeSnapshot, type Snapshot } from "./snapshot";

/** A backup written. */
export interface BackupWritten extends Snapshot {
  /** Its path. */
  readonly file: string;
}

/** A backup kept in `DATA/backups/`. */
export interface BackupListed {
  /** Its name in `DATA/backups/`. */
  readonly file: string;
  readonly bytes: number;
  /** When it was taken (epoch ms, from its name). */
  readonly at: number;
}

/** What backups need from the host. */
export interface BackupsOptions {
  readonly dataDir: string;
  /** The live database file. */
  readonly database: string;
  readonly clock: EngineClock;
  /** Journals a host event in the site's `seq` order. */
  readonly record: (event: HostEventInput) => void;
  readonly logger: Logger;
}

/** Takes backups on demand or on schedule; concurrent requests run one after the other. */
export class Backups {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: BackupsOptions) {}

  /** Takes a backup now for `by` (a token's user, `schedule`, `cli`), keeps the latest three, journals it. */
  now(by: string): Promise<BackupWritten> {
    const run = this.last.then(() => this.take(by));
    this.last = run.catch(() => {});
    return run;
  }

  /** The backups kept, newest first; one deleted meanwhile (rotation) is left out. */
  async list(): Promise<BackupListed[]> {
    const dir = backupsDir(this.options.dataDir);
    const listed = await Promise.all(
      (await listBackups(dir)).map(async (file) => {
        const found = await stat(join(dir, file)).catch(() => undefined);
        return found && { file, bytes: found.size, at: backupAt(file) };
      }),
    );
    return listed.filter((b) => b !== undefined).reverse();
  }

  /** Resolves once the backups asked for so far have ended. */
  async idle(): Promise<void> {
    await this.last;
  }

  private async take(by: string): Promise<BackupWritten> {
    const { dataDir, database, clock, record, logger } = this.options;
    const dir = backupsDir(dataDir);
    await ensureBackupsDir(dir);
    const at = clock.now();
    const file = join(dir, await freeBackupName(dir, at));
    try {
      const snapshot = await writeSnapshot(database, file);
      const deleted = await pruneBackups(dir);
      record({ type: "BackupDone", at, file: basename(file), ...snapshot, by });
      logger.info("backup written", { file, ...snapshot, by, deleted });
      return { file, ...snapshot };
    } catch (e) {
      logger.error("backup failed", { file, by, error: String(e) });
      throw e;
    }
  }
}
