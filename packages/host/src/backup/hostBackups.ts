/** A running site's backups: `backup.now` on demand and the nightly run in the site's time zone. */
import type { EngineClock } from "@portcullis/engine";
import type { Host } from "../runtime/Host";
import type { Logger } from "../runtime/logger";
import { Backups } from "./Backups";
import { databaseFile } from "./restore";
import { BackupSchedule, dailyAt } from "./schedule";

/** How a running site backs up. */
export interface HostBackupsOptions {
  readonly dataDir: string;
  /** The nightly backup's time of day (`HH:MM`, the site's zone); undefined: no nightly backup. */
  readonly nightlyAt: string | undefined;
  readonly clock: EngineClock;
  readonly logger: Logger;
}

/** The nightly backup as an admin sees it: its time of day and the instant of its next run. */
export interface NightlyBackup {
  /** `HH:MM` in the site's time zone. */
  readonly at: string;
  readonly nextRunAt: number | undefined;
}

/** Backups started for a host; `stop` disarms the schedule and waits for a backup in progress. */
export interface HostBackups {
  readonly backups: Backups;
  readonly schedule: BackupSchedule | undefined;
  /** The nightly backup, or undefined when it is off. */
  nightly(): NightlyBackup | undefined;
  stop(): Promise<void>;
}

/** Starts `host`'s backups. */
export const startHostBackups = (host: Host, options: HostBackupsOptions): HostBackups => {
  const { clock, logger } = options;
  const backups = new Backups({
    dataDir: options.dataDir,
    database: databaseFile(options.dataDir),
    clock,
    record: host.recordHostEvent,
    logger,
  });
  const schedule =
    options.nightlyAt === undefined
      ? undefined
      : new BackupSchedule(
          clock,
          dailyAt(options.nightlyAt, () => host.site.config.timeZone),
          () => backups.now("schedule"),
          logger,
        );
  schedule?.start();
  return {
    backups,
    schedule,
    nightly: () =>
      schedule && options.nightlyAt !== undefined
        ? { at: options.nightlyAt, nextRunAt: schedule.nextRunAt() }
        : undefined,
    stop: async () => {
      await schedule?.stop();
      await backups.idle();
    },
  };
};
