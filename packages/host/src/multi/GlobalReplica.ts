/**
 * A sub's side of replication: reads the globals stream from the sequence after its cursor (the
 * snapshot on a first run, the changes since on every later one), applies the records to the site
 * in stream order — a large batch such as a first snapshot as one batch of configuration changes,
 * stored once; a few changes one configuration change each — and moves the cursor — persisted in SQLite — only once the site with those
 * changes is stored. A record already applied (a crash between storing and the cursor) changes
 * nothing the second time: every step compares with what the site holds.
 */
import type { Subscription } from "rxjs";
import type { ConsumerMessages, JsMsg, NatsConnection } from "nats";
import { DeliverPolicy } from "nats";
import { Either } from "effect";
import type { ConfigChange, EngineClock, Site } from "@portcullis/engine";
import type { Logger } from "../runtime/logger";
import { applyRecord, LocalIndex, type ChangeSink } from "./applyRecord";
import { GlobalDraft } from "./GlobalDraft";
import { nextTurn } from "../runtime/nextTurn";
import type { GlobalRecord } from "./GlobalRecord";
import type { MultiState } from "./MultiState";
import type { NatsLink } from "./NatsLink";
import { GLOBALS_STREAM } from "./subjects";

const RETRY_MS = 500;
/** Records applied one change at a time between two yields to the event loop. */
const CHUNK = 500;
/** Records received, or read into a batch's changes, between two yields: a few milliseconds' work. */
const READ_STEP = 100;
/** A batch at least this large (a first snapshot, a long catch-up) is put in force at once. */
const BULK_MIN = 1_000;
/** The most records one batch takes: bounds its memory. */
const BULK_MAX = 250_000;
/** While the stream says more records are pending, how long the next may take before what came is applied. */
const GATHER_MS = 1_000;
/** How often a long catch-up stores the site and its cursor. */
const STORE_EVERY_MS = 2_000;

/** Applies the main's global entities on a sub. */
export class GlobalReplica {
  private cursor = 0;
  /** The stream sequence of the last record applied in memory (stored or not yet). */
  private inMemory = 0;
  /** The main's site name, as its last record gave it. */
  origin: string | undefined;
  private readonly queue: JsMsg[] = [];
  private draining: Promise<void> | undefined;
  /** Wakes a batch waiting for the rest of a snapshot. */
  private arrived: (() => void) | undefined;
  private messages: ConsumerMessages | undefined;
  private subscription: Subscription | undefined;
  private stopped = false;
  /** Listeners told the cursor after each applied batch (tests, the bench, the status heartbeat). */
  private readonly appliedListeners = new Set<(cursor: number) => void>();

  private constructor(
    private readonly site: Site,
    private readonly saved: () => Promise<void>,
    private readonly state: MultiState,
    private readonly clock: EngineClock,
    private readonly logger: Logger,
  ) {}

  static async start(options: {
    readonly site: Site;
    /** Resolves once the site as it is now is stored. */
    readonly saved: () => Promise<void>;
    readonly state: MultiState;
    readonly link: NatsLink;
    readonly clock: EngineClock;
    readonly logger: Logger;
  }): Promise<GlobalReplica> {
    const r = new GlobalReplica(options.site, options.saved, options.state, options.clock, options.logger);
    r.cursor = await options.state.cursor();
    r.inMemory = r.cursor;
    r.subscription = options.link.connection$.subscribe((nc) => {
      void r.messages?.close();
      r.messages = undefined;
      if (nc) void r.follow(nc);
    });
    return r;
  }

  /** The stream sequence of the last record applied and stored. */
  get applied(): number {
    return this.cursor;
  }

  /** Calls `listener` with the cursor after each stored batch; returns the unsubscribe. */
  onApplied(listener: (cursor: number) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    await this.messages?.close();
    await this.draining;
  }

  /** Reads the stream from the cursor on while `nc` is up; starts again after an error. */
  private async follow(nc: NatsConnection): Promise<void> {
    let failures = 0;
    while (!this.stopped && !nc.isClosed()) {
      try {
        await this.draining;
        const consumer = await nc.jetstream().consumers.get(GLOBALS_STREAM, {
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: this.cursor + 1,
        });
        const messages = await consumer.consume({ max_messages: 1_000 });
        this.messages = messages;
        let read = 0;
        for await (const m of messages) {
          this.queue.push(m);
          this.arrived?.();
          this.draining ??= this.drain();
          // The client hands a buffered batch over in microtasks: without a turn, cards wait behind it.
          if (++read % READ_STEP === 0) await nextTurn();
        }
        return;
      } catch (e) {
        if (this.stopped || nc.isClosed()) return;
        // Once per connection: a main that has not created the stream yet is no news every half second.
        if (failures++ === 0)
          this.logger.warn("cannot read the globals stream; retrying", { error: String(e) });
        await new Promise<void>((done) => this.clock.setTimeout(done, RETRY_MS));
      }
    }
  }

  /**
   * Applies the queue: a large batch at once, a small one a record at a time,
   * yielding between chunks so doors keep deciding; the site and the cursor are stored when the
   * queue is empty, or every {@link STORE_EVERY_MS} while it is not.
   */
  private async drain(): Promise<void> {
    try {
      let storedAt = this.clock.now();
      while (this.queue.length > 0) {
        await this.gather();
        const batch = this.fresh(this.queue.splice(0, this.queue.length >= BULK_MIN ? BULK_MAX : CHUNK));
        if (batch.length >= BULK_MIN) await this.applyAtOnce(batch);
        else if (batch.length > 0) {
          const index = new LocalIndex(this.site.policy);
          for (const m of batch) this.applyMessage(index, this.direct, m);
        }
        if (this.queue.length > 0 && this.clock.now() - storedAt < STORE_EVERY_MS) {
          await nextTurn();
          continue;
        }
        if (this.inMemory > this.cursor) await this.store();
        storedAt = this.clock.now();
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** Waits while the stream says more records are on their way, so a snapshot makes one batch. */
  private async gather(): Promise<void> {
    for (;;) {
      const last = this.queue.at(-1);
      if (this.stopped || last === undefined || last.info.pending === 0 || this.queue.length >= BULK_MAX)
        return;
      if (!(await this.arrival())) return;
    }
  }

  /** Resolves true when the next record arrives, false after {@link GATHER_MS} without one. */
  private arrival(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.arrived = undefined;
        resolve(false);
      }, GATHER_MS);
      this.arrived = () => {
        this.clock.clearTimeout(timer);
        this.arrived = undefined;
        resolve(true);
      };
    });
  }

  /** In stream order, each sequence once: a consumer started again may deliver what is queued. */
  private fresh(messages: ReadonlyArray<JsMsg>): JsMsg[] {
    const out: JsMsg[] = [];
    for (const m of messages)
      if (m.seq > this.inMemory) {
        out.push(m);
        this.inMemory = m.seq;
      }
    return out;
  }

  /**
   * Puts the batch in force at once: its records read against an index of the site into the changes
   * they make (yielding between chunks, so doors keep deciding), then applied as one batch. Read over
   * a site that changed meanwhile (a local edit), they are read again without yielding.
   */
  private async applyAtOnce(batch: ReadonlyArray<JsMsg>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const { config, policy } = this.site;
      const draft = new GlobalDraft();
      const index = new LocalIndex(policy);
      for (let i = 0; i < batch.length; i++) {
        this.applyMessage(index, draft.sink, batch[i]!);
        if (attempt === 0 && i % READ_STEP === READ_STEP - 1) await nextTurn();
      }
      if (this.site.config !== config || this.site.policy !== policy) continue;
      const origin = this.origin ?? "";
      for (const { change, error } of await draft.commit(
        this.site,
        `globals of main "${origin}"`,
        `main "${origin}"`,
      ))
        this.refused(change, error.message);
      return;
    }
  }

  private refused(change: ConfigChange, error: string): void {
    this.logger.warn("global change not applied", { entity: change.entity, op: change.op, error });
  }

  private read(m: JsMsg): GlobalRecord | undefined {
    try {
      return m.json<GlobalRecord>();
    } catch (e) {
      this.notApplied(m, e);
      return undefined;
    }
  }

  private applyMessage(index: LocalIndex, sink: ChangeSink, m: JsMsg, record = this.read(m)): void {
    if (record === undefined) return;
    try {
      this.origin = record.origin;
      applyRecord(index, sink, record, this.logger);
    } catch (e) {
      this.notApplied(m, e);
    }
  }

  /** A record this version cannot read must not stop the ones after it. */
  private notApplied(m: JsMsg, error: unknown): void {
    this.logger.error("global record not applied", { seq: m.seq, subject: m.subject, error: String(error) });
  }

  /** Stores the site with what is applied, then the cursor. */
  private async store(): Promise<void> {
    const last = this.inMemory;
    try {
      await this.saved();
      await this.state.setCursor(last);
      this.cursor = last;
      for (const l of this.appliedListeners) l(last);
    } catch (e) {
      // Applied in memory; the next store stores these too, and moves the cursor past them.
      this.logger.error("cannot store global changes; they apply again after a restart", {
        error: String(e),
      });
    }
  }

  /** The site, one change at a time. */
  private readonly direct: ChangeSink = (change: ConfigChange): boolean => {
    const origin = this.origin ?? "";
    // The main decides: a global it withdraws leaves the local groups and rules that named it (cascade), and a
    // change it made is taken even where it stops credentials working here (force).
    const result = this.site.configure(change, `main "${origin}"`, undefined, { cascade: true, force: true });
    if (Either.isLeft(result)) this.refused(change, result.left.message);
    return Either.isRight(result);
  };
}
