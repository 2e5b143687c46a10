/**
 * When the nightly backup runs: a time of day in the site's time zone, computed with croner. The
 * timers are the host's `EngineClock`, not croner's own, so tests run the schedule in virtual time.
 */
import { Cron } from "croner";
import type { EngineClock, TimerId } from "@portcullis/engine";
import type { Logger } from "../runtime/logger";

/** The next run strictly after an instant (epoch ms), or undefined for never. */
export type NextRun = (after: number) => number | undefined;

/** The default time of the nightly backup. */
export const DEFAULT_BACKUP_TIME = "02:00";

const TIME = /^(?<hour>[01]\d|2[0-3]):(?<minute>[0-5]\d)$/;

/** Whether `time` is a time of day `HH:MM` (24-hour). */
export const isBackupTime = (time: string): boolean => TIME.test(time);

/**
 * Every day at `time` (`HH:MM`) in the zone `timeZone()` returns — asked at each computation, so a
 * change of the site's zone moves the next run. A time skipped by a DST change runs at the first
 * instant after the gap, a repeated one once (croner's rules).
 */
export const dailyAt = (time: string, timeZone: () => string): NextRun => {
  const parts = TIME.exec(time)?.groups;
  if (parts === undefined) throw new RangeError(`backup time "${time}" is not HH:MM`);
  const pattern = `0 ${Number(parts["minute"])} ${Number(parts["hour"])} * * *`;
  return (after) => new Cron(pattern, { timezone: timeZone() }).nextRun(new Date(after))?.getTime();
};

/**
 * A long wait is taken in steps of at most an hour, the run's instant computed afresh at each: a
 * change of the site's zone, or of the wall clock (the clock's timers count elapsed time: NTP, a
 * suspended machine), is noticed within the hour rather than a day later.
 */
const MAX_WAIT_MS = 60 * 60 * 1000;

/** Runs `run` at each instant `next` gives, one run at a time, until stopped. */
export class BackupSchedule {
  private timer: TimerId | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** The coming run is the first instant `next` gives after this one: the start, then the last run. */
  private from = 0;

  constructor(
    private readonly clock: EngineClock,
    private readonly next: NextRun,
    private readonly run: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  /** Arms the first run. */
  start(): void {
    this.from = this.clock.now();
    this.arm();
  }

  /** The instant of the coming run, if any. */
  nextRunAt(): number | undefined {
    return this.stopped ? undefined : this.next(this.from);
  }

  private arm(): void {
    const due = this.nextRunAt();
    if (due === undefined) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        const due = this.nextRunAt();
        if (due === undefined) return;
        if (this.clock.now() < due) return this.arm();
        this.running = this.run()
          .then(
            () => {},
            (e: unknown) => this.logger.error("scheduled backup failed", { error: String(e) }),
          )
          .finally(() => {
            this.running = undefined;
            this.from = Math.max(due, this.clock.now());
            this.arm();
          });
      },
      Math.max(0, Math.min(due - this.clock.now(), MAX_WAIT_MS)),
    );
  }

  /** Disarms the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
