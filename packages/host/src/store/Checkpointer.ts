/** WAL checkpoints from a second connection, so the journal's commits never pay for copying pages and fsync. */
import type { EngineClock, TimerId } from "@portcullis/engine";
import { Subject, type Observable } from "rxjs";
import { Database } from "./Database";
import type { StoreError } from "./StoreError";

/** How often and how hard to checkpoint. */
export interface CheckpointOptions {
  /** Between two checkpoints; default 100 ms. */
  readonly intervalMs?: number;
  /**
   * WAL size (pages) past which a checkpoint also restarts the WAL, briefly holding off writers:
   * under sustained traffic a passive checkpoint never finds a moment to restart it. Default 4 096
   * pages (16 MiB).
   */
  readonly restartPages?: number;
}

interface CheckpointRow {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

/**
 * Runs `PRAGMA wal_checkpoint` on its own connection, which node-sqlite3 runs on another thread
 * than the writer's: with SQLite's automatic checkpoint (every 1 000 pages, inside a commit) the
 * journal measured ~70–90k events/s here, with this one ~110–150k/s. The writer connection must
 * turn automatic checkpoints off (`PRAGMA wal_autocheckpoint = 0`).
 */
export class Checkpointer {
  private readonly failures = new Subject<StoreError>();
  /** Checkpoints that failed; the next one retries, commits are unaffected. */
  readonly errors$: Observable<StoreError> = this.failures.asObservable();
  private timer: TimerId | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private restart = false;

  private constructor(
    private readonly db: Database,
    private readonly clock: EngineClock,
    private readonly intervalMs: number,
    private readonly restartPages: number,
  ) {}

  /** Opens the second connection and starts checkpointing every `intervalMs`. */
  static async start(
    path: string,
    clock: EngineClock,
    options: CheckpointOptions = {},
  ): Promise<Checkpointer> {
    const checkpointer = new Checkpointer(
      await Database.open(path),
      clock,
      options.intervalMs ?? 100,
      options.restartPages ?? 4_096,
    );
    checkpointer.arm();
    return checkpointer;
  }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.running = this.checkpoint().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.arm();
      });
    }, this.intervalMs);
  }

  /** One checkpoint; the WAL's size decides whether the next one restarts it. */
  async checkpoint(): Promise<void> {
    try {
      const row = await this.db.get<CheckpointRow>(
        `PRAGMA wal_checkpoint(${this.restart ? "RESTART" : "PASSIVE"})`,
      );
      this.restart = (row?.log ?? 0) > this.restartPages;
    } catch (e) {
      this.failures.next(e as StoreError);
    }
  }

  /** Stops the timer, waits for a checkpoint in progress and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.failures.complete();
    await this.db.close();
  }
}
