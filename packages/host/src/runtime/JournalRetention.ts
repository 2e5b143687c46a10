/** Journal retention (issue 10 §6): events past an age, or past a database size, are deleted every hour. */
import type { EngineClock, TimerId } from "@portcullis/engine";
import type { Store } from "../store";
import type { Logger } from "./logger";

/** How long, or how much, of the journal is kept. */
export interface RetentionPolicy {
  /** Events older than this are deleted; default 90 days. */
  readonly maxAgeDays: number;
  /** If set, the oldest events are deleted while the database uses more than this many bytes. */
  readonly maxBytes?: number;
}

/** The default: 90 days, no size limit. */
export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 90 };

const DAY_MS = 86_400_000;
/** Between two runs. */
const INTERVAL_MS = 3_600_000;
/** Events deleted per step while the database is over its size limit. */
const SIZE_STEP = 10_000;

/** What one run deleted. */
export interface RetentionRun {
  readonly byAge: number;
  readonly bySize: number;
}

/**
 * Runs the retention at start and then every hour, on the engine clock. A client resuming from a
 * pruned `seq` is answered `ResumeGap`; the head row always stays, so `seq` never restarts.
 */
export class JournalRetention {
  private timer: TimerId | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: EngineClock,
    private readonly policy: RetentionPolicy,
    private readonly logger: Logger,
  ) {}

  /** Runs now, then every hour. */
  start(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.running = this.run().then(
        () => this.ranAt(),
        (e: unknown) => {
          this.logger.error("journal retention failed", { error: String(e) });
          this.ranAt();
        },
      );
    }, ms);
  }

  private ranAt(): void {
    this.running = undefined;
    if (!this.stopped) this.schedule(INTERVAL_MS);
  }

  /** Resolves once a scheduled run in progress has finished and the next one is armed. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Deletes what the policy no longer keeps; resolves with how many events went, and why. */
  async run(): Promise<RetentionRun> {
    const { journal } = this.store;
    const byAge = await journal.pruneBefore(this.clock.now() - this.policy.maxAgeDays * DAY_MS);
    let bySize = 0;
    const limit = this.policy.maxBytes;
    if (limit !== undefined)
      while ((await this.store.usedBytes()) > limit) {
        const deleted = await journal.pruneOldest(SIZE_STEP);
        if (deleted === 0) break;
        bySize += deleted;
      }
    if (byAge + bySize > 0)
      this.logger.info("journal retention", { byAge, bySize, oldest: await journal.oldest() });
    return { byAge, bySize };
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
