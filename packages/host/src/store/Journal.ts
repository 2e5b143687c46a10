/** The event journal: events commit in bounded batches, then reach `committed$` in `seq` order (DESIGN §6). */
import type { EngineClock, EngineEvent, TimerId } from "@portcullis/engine";
import { Subject, type Observable } from "rxjs";
import type { Database, Executor, SqlValue } from "./Database";
import { MultiRowStatement } from "./multiRow";
import { StoreError, toStoreError } from "./StoreError";

/** What the journal needs of an event: the engine's events and the host's own both have it. */
export interface JournalEntry {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
}

/** Writes staged beside the events of a batch and taken into the same transaction. */
export interface BatchWriter {
  /** Takes everything staged (leaving nothing), or `undefined` when nothing is. */
  take(): StagedWrite | undefined;
}

/** Writes taken for one commit. */
export interface StagedWrite {
  write(tx: Executor): Promise<void>;
  /** After a failed commit: stages these writes again, before anything staged since. */
  restore(): void;
}

/** Batching and clock of a journal. */
export interface JournalOptions {
  /** Timers of the batching (production: `systemClock`). */
  readonly clock: EngineClock;
  /** Longest an event waits before its batch starts committing; default 10 ms. */
  readonly maxDelayMs?: number;
  /** Waiting events that start a commit without waiting for the timer; default 1 000. */
  readonly maxBatch?: number;
  /** Wait before retrying after a failed commit; default 1 000 ms. */
  readonly retryDelayMs?: number;
}

/** How the journal is doing, for `/healthz`. */
export interface JournalHealth {
  /** The last committed `seq`. */
  readonly head: number;
  /** Events appended but not committed yet. */
  readonly uncommitted: number;
  /** How long the oldest uncommitted event has waited, in ms (0 when none waits). */
  readonly commitLagMs: number;
  /** The last commit failed and no commit has succeeded since: events are held and retried. */
  readonly failing: boolean;
  /** The last commit failure, even if commits have succeeded since. */
  readonly lastError: { readonly message: string; readonly at: number } | undefined;
}

interface Waiter {
  readonly seq: number;
  readonly commit: number;
  readonly resolve: () => void;
  readonly reject: (e: StoreError) => void;
}

/** Events deleted per transaction when pruning. */
const PRUNE_SLICE = 10_000;

const insertEvents = new MultiRowStatement("INSERT INTO journal (seq, at, type, json) VALUES", 4);

/**
 * Takes events already stamped by the engine and commits them: a batch starts `maxDelayMs` after
 * its first event, or once the current synchronous turn ends when `maxBatch` are waiting; events
 * arriving during a commit form the next batch, which starts as soon as that commit ends (group
 * commit). A commit takes every event and every staged write waiting, so facts staged in the same
 * turn as the events that caused them (DESIGN §2) commit with them, never ahead or behind. Nothing
 * here is on the actuation path: relays are driven by the actors before their events are published.
 */
export class Journal<E extends JournalEntry = EngineEvent> {
  private readonly committed = new Subject<E>();
  private readonly failures = new Subject<StoreError>();
  /** Every event once it is on disk, in `seq` order: the only source clients are fed from. */
  readonly committed$: Observable<E> = this.committed.asObservable();
  /** Failed commits; their events stay queued and are retried. */
  readonly errors$: Observable<StoreError> = this.failures.asObservable();

  private pending: E[] = [];
  /** `JSON` of each pending event, serialised at append so a bad event fails its caller, not a batch. */
  private pendingJson: string[] = [];
  private readonly writers: BatchWriter[] = [];
  private dirty = false;
  private lastAppended: number;
  private lastCommitted: number;
  private timer: TimerId | undefined;
  private running = false;
  private startQueued = false;
  private started = 0;
  private finished = 0;
  private waiters: Waiter[] = [];
  private closed = false;
  /** When the first event of `pending` was appended. */
  private pendingSince: number | undefined;
  /** When the first event of the batch being committed was appended. */
  private inflightSince: number | undefined;
  private failing = false;
  private lastError: { message: string; at: number } | undefined;
  private readonly clock: EngineClock;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private readonly retryDelayMs: number;

  private constructor(
    private readonly db: Database,
    options: JournalOptions,
    head: number,
  ) {
    this.clock = options.clock;
    this.maxDelayMs = options.maxDelayMs ?? 10;
    this.maxBatch = options.maxBatch ?? 1_000;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.lastAppended = head;
    this.lastCommitted = head;
  }

  /** A journal continuing from the last `seq` on disk. */
  static async open<E extends JournalEntry = EngineEvent>(
    db: Database,
    options: JournalOptions,
  ): Promise<Journal<E>> {
    const row = await db.get<{ seq: number | null }>("SELECT max(seq) AS seq FROM journal");
    return new Journal<E>(db, options, row?.seq ?? 0);
  }

  /** The `seq` the next appended event must carry: seed the engine's counter with it on start. */
  nextSeq(): number {
    return this.lastAppended + 1;
  }

  /** The last committed `seq` (0 for an empty journal). */
  head(): number {
    return this.lastCommitted;
  }

  /**
   * Queues an event for the next batch. Cheap and synchronous: call it from the engine's event
   * stream. `seq`s must follow on without gaps, or resuming clients would see holes.
   */
  append(event: E): void {
    if (this.closed) throw new StoreError({ message: "journal is closed", cause: undefined });
    if (event.seq !== this.lastAppended + 1)
      throw new RangeError(`journal: expected seq ${this.lastAppended + 1}, got ${event.seq}`);
    const json = JSON.stringify(event);
    this.lastAppended = event.seq;
    if (this.pending.length === 0) this.pendingSince = this.clock.now();
    this.pending.push(event);
    this.pendingJson.push(json);
    this.staged();
  }

  /** Adds a writer whose staged writes commit with the events; call the returned function after staging. */
  attach(writer: BatchWriter): () => void {
    this.writers.push(writer);
    return this.markDirty;
  }

  private readonly markDirty = (): void => {
    this.dirty = true;
    this.staged();
  };

  private staged(): void {
    if (this.running || this.startQueued) return;
    if (this.pending.length >= this.maxBatch) {
      // Not now: the facts of the event just appended are staged later in this same turn.
      this.startQueued = true;
      queueMicrotask(this.start);
    } else if (this.timer === undefined) this.timer = this.clock.setTimeout(this.start, this.maxDelayMs);
  }

  private readonly start = (): void => {
    this.startQueued = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) void this.drain();
  };

  /** Commits batch after batch while anything is staged; on failure, re-queues and retries later. */
  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending.length > 0 || this.dirty) {
      const batch = this.pending;
      const json = this.pendingJson;
      this.pending = [];
      this.pendingJson = [];
      this.inflightSince = this.pendingSince;
      this.pendingSince = undefined;
      const writes = this.dirty ? this.takeWrites() : [];
      const commit = ++this.started;
      try {
        await this.db.transaction(async (tx) => {
          await insertEvents.run(tx, rowsOf(batch, json));
          for (const w of writes) await w.write(tx);
        });
      } catch (e) {
        this.requeue(batch, json, writes, toStoreError("journal commit failed")(e));
        this.running = false;
        return;
      }
      this.finished = commit;
      this.inflightSince = undefined;
      this.failing = false;
      const last = batch.at(-1);
      if (last !== undefined) this.lastCommitted = last.seq;
      for (const event of batch) this.committed.next(event);
      this.settleWaiters();
    }
    this.running = false;
  }

  private takeWrites(): StagedWrite[] {
    this.dirty = false;
    const writes: StagedWrite[] = [];
    for (const writer of this.writers) {
      const w = writer.take();
      if (w !== undefined) writes.push(w);
    }
    return writes;
  }

  private requeue(batch: E[], json: string[], writes: ReadonlyArray<StagedWrite>, error: StoreError): void {
    this.pending = batch.concat(this.pending);
    this.pendingJson = json.concat(this.pendingJson);
    this.pendingSince = this.inflightSince ?? this.pendingSince;
    this.inflightSince = undefined;
    this.failing = true;
    this.lastError = { message: error.message, at: this.clock.now() };
    for (const w of writes) w.restore();
    if (writes.length > 0) this.dirty = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(error);
    this.failures.next(error);
    if (!this.closed) this.timer = this.clock.setTimeout(this.start, this.retryDelayMs);
  }

  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    const waiting: Waiter[] = [];
    for (const w of this.waiters)
      if (this.lastCommitted >= w.seq && this.finished >= w.commit) w.resolve();
      else waiting.push(w);
    this.waiters = waiting;
  }

  /**
   * Commits everything appended or staged so far without waiting for the timer; resolves once it is
   * on disk, rejects if that commit fails (the events stay queued).
   */
  flush(): Promise<void> {
    // Writes staged now go into the next commit to start; a running one may hold earlier writes.
    const commit = this.dirty ? this.started + 1 : this.running ? this.started : 0;
    if (this.lastCommitted >= this.lastAppended && this.finished >= commit) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) =>
      this.waiters.push({ seq: this.lastAppended, commit, resolve, reject }),
    );
    this.start();
    return done;
  }

  /** The commit lag and the last failure: a journal that cannot commit must not look healthy. */
  health(): JournalHealth {
    const since = this.inflightSince ?? this.pendingSince;
    return {
      head: this.lastCommitted,
      uncommitted: this.lastAppended - this.lastCommitted,
      commitLagMs: since === undefined ? 0 : Math.max(0, this.clock.now() - since),
      failing: this.failing,
      lastError: this.lastError,
    };
  }

  /** Oldest `seq` still on disk, if any: a resume from before it is a `ResumeGap`. */
  async oldest(): Promise<number | undefined> {
    const row = await this.db.get<{ seq: number | null }>("SELECT min(seq) AS seq FROM journal");
    return row?.seq ?? undefined;
  }

  /** Up to `limit` committed events from `seq` on (inclusive), in order. */
  async readFrom(seq: number, limit: number): Promise<E[]> {
    const rows = await this.db.all<{ json: string }>(
      "SELECT json FROM journal WHERE seq >= ? ORDER BY seq LIMIT ?",
      [seq, limit],
    );
    return rows.map((r) => JSON.parse(r.json) as E);
  }

  /**
   * Deletes all but the last `keepLast` (at least 1) events. The head row always stays: it is where
   * `seq` continues after a restart, and a restarted `seq` would repeat ones clients have seen.
   */
  async prune(keepLast: number): Promise<number> {
    return this.deleteBelow(this.lastCommitted - Math.max(1, Math.trunc(keepLast)) + 1);
  }

  /** Deletes the oldest `count` events, never the head row; returns how many. */
  async pruneOldest(count: number): Promise<number> {
    const oldest = await this.oldest();
    if (oldest === undefined) return 0;
    return this.deleteBelow(Math.min(oldest + Math.max(0, Math.trunc(count)), this.lastCommitted));
  }

  /**
   * Deletes every event below `seq` in slices, each its own short transaction: commits queued
   * behind a deletion of millions of rows would otherwise wait for all of it.
   */
  private async deleteBelow(seq: number): Promise<number> {
    let deleted = 0;
    for (let from = (await this.oldest()) ?? seq; from < seq;) {
      const to = Math.min(seq, from + PRUNE_SLICE);
      deleted += (await this.db.run("DELETE FROM journal WHERE seq < ?", [to])).changes;
      from = to;
    }
    return deleted;
  }

  /**
   * The first `seq` at or after `at` (epoch ms), or the head if every event is older. Events are
   * published in time order (DESIGN §2), so it is found by bisecting `seq` rather than by an index
   * on `at`, which would cost every insert on the hot path.
   */
  async firstSeqFrom(at: number): Promise<number> {
    let lo = (await this.oldest()) ?? this.lastCommitted;
    let hi = this.lastCommitted;
    // Invariant: every event below `lo` is older than `at`; the one at `hi` is kept.
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = await this.db.get<{ at: number }>(
        "SELECT at FROM journal WHERE seq >= ? ORDER BY seq LIMIT 1",
        [mid],
      );
      if (row !== undefined && row.at < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Deletes events older than `at` (epoch ms), never the head row; returns how many. */
  async pruneBefore(at: number): Promise<number> {
    const first = await this.firstSeqFrom(at);
    return this.deleteBelow(first);
  }

  /** Commits what is queued, then stops: later appends fail and `committed$` completes. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.committed.complete();
      this.failures.complete();
    }
  }
}

const rowsOf = (batch: ReadonlyArray<JournalEntry>, json: ReadonlyArray<string>): SqlValue[] => {
  const values = new Array<SqlValue>(batch.length * 4);
  for (let b = 0, i = 0; b < batch.length; b++) {
    const e = batch[b]!;
    values[i++] = e.seq;
    values[i++] = e.at;
    values[i++] = e.type;
    values[i++] = json[b]!;
  }
  return values;
};
