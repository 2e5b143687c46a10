/**
 * A sub's side of replication: reads the globals stream from the sequence after its cursor (the
 * snapshot on a first run, the changes since on every later one), applies each record to the site
 * in stream order, and moves the cursor — persisted in SQLite — only once the site with those
 * changes is stored. A record already applied (a crash between storing and the cursor) changes
 * nothing the second time: every step compares with what the site holds.
 */
import type { Subscription } from "rxjs";
import type { ConsumerMessages, JsMsg, NatsConnection } from "nats";
import { DeliverPolicy } from "nats";
import { Either, Schema } from "effect";
import {
  Cardholder as CardholderSchema,
  Credential as CredentialSchema,
  Group as GroupSchema,
  type ConfigChange,
  type EngineClock,
  type Policy,
  type Site,
} from "@portcullis/engine";
import type { Logger } from "../runtime/logger";
import { encodeCardholder, encodeCredential, encodeGroup, type GlobalRecord } from "./GlobalRecord";
import type { MultiState } from "./MultiState";
import type { NatsLink } from "./NatsLink";
import { GLOBALS_STREAM } from "./subjects";

const RETRY_MS = 500;
/** Records applied between two yields to the event loop. */
const CHUNK = 500;
/** How often a long catch-up stores the site and its cursor. */
const STORE_EVERY_MS = 2_000;

type Cardholder = Policy["cardholders"][number];
type Credential = Policy["credentials"][number];
type Group = Policy["groups"][number];

/** The sub's people indexed for one batch, kept current as the batch applies. */
class LocalIndex {
  readonly cardholders = new Map<string, Cardholder>();
  readonly credentials = new Map<string, Credential[]>();
  readonly groups = new Map<string, Group>();

  constructor(policy: Policy) {
    for (const c of policy.cardholders) this.cardholders.set(c.id, c);
    for (const c of policy.credentials) {
      const list = this.credentials.get(c.cardholderId);
      if (list) list.push(c);
      else this.credentials.set(c.cardholderId, [c]);
    }
    for (const g of policy.groups) this.groups.set(g.id, g);
  }
}

const decodeCardholder = Schema.decodeUnknownSync(CardholderSchema);
const decodeCredential = Schema.decodeUnknownSync(CredentialSchema);
const decodeGroup = Schema.decodeUnknownSync(GroupSchema);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Applies the main's global entities on a sub. */
export class GlobalReplica {
  private cursor = 0;
  /** The stream sequence of the last record applied in memory (stored or not yet). */
  private inMemory = 0;
  /** The main's site name, as its last record gave it. */
  origin: string | undefined;
  private readonly queue: JsMsg[] = [];
  private draining: Promise<void> | undefined;
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
        for await (const m of messages) {
          this.queue.push(m);
          this.draining ??= this.drain();
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
   * Applies the queue a chunk at a time, yielding between chunks so doors keep deciding during a
   * large snapshot; the site and the cursor are stored when the queue is empty, or every
   * {@link STORE_EVERY_MS} while it is not.
   */
  private async drain(): Promise<void> {
    try {
      let storedAt = this.clock.now();
      while (this.queue.length > 0) {
        const chunk = this.queue.splice(0, CHUNK);
        // In stream order, each sequence once: a consumer started again may deliver what is queued.
        const fresh: JsMsg[] = [];
        for (const m of chunk)
          if (m.seq > this.inMemory) {
            fresh.push(m);
            this.inMemory = m.seq;
          }
        if (fresh.length > 0) {
          const index = new LocalIndex(this.site.policy);
          for (const m of fresh)
            try {
              this.apply(index, m.json<GlobalRecord>());
            } catch (e) {
              // A record this version cannot read must not stop the ones after it.
              this.logger.error("global record not applied", {
                seq: m.seq,
                subject: m.subject,
                error: String(e),
              });
            }
        }
        if (this.queue.length > 0 && this.clock.now() - storedAt < STORE_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        if (this.inMemory > this.cursor) await this.store();
        storedAt = this.clock.now();
      }
    } finally {
      this.draining = undefined;
    }
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

  private configure(change: ConfigChange, origin: string): boolean {
    // The main decides: a global it withdraws leaves the local groups and rules that named it (cascade), and a
    // change it made is taken even where it stops credentials working here (force).
    const result = this.site.configure(change, `main "${origin}"`, undefined, { cascade: true, force: true });
    if (Either.isLeft(result)) {
      this.logger.warn("global change not applied", {
        entity: change.entity,
        op: change.op,
        error: result.left.message,
      });
      return false;
    }
    return true;
  }

  private apply(index: LocalIndex, record: GlobalRecord): void {
    this.origin = record.origin;
    if (record.entity === "group") this.applyGroup(index, record);
    else this.applyCardholder(index, record);
  }

  private applyCardholder(index: LocalIndex, record: Extract<GlobalRecord, { entity: "cardholder" }>): void {
    const { id, origin } = record;
    const existing = index.cardholders.get(id);
    if (existing !== undefined && !existing.global) {
      this.logger.warn("global cardholder not applied: a local cardholder has its id", { id, origin });
      return;
    }
    if (record.value === null) {
      if (existing !== undefined && this.configure({ op: "remove", entity: "cardholder", id }, origin)) {
        index.cardholders.delete(id);
        index.credentials.delete(id);
        for (const [gid, g] of index.groups)
          if (g.members.includes(id))
            index.groups.set(gid, { ...g, members: g.members.filter((m) => m !== id) });
      }
      return;
    }
    if (existing === undefined || !same(encodeCardholder(existing), record.value))
      if (!this.configure({ op: "put", entity: "cardholder", value: record.value }, origin)) return;
    index.cardholders.set(id, decodeCardholder(record.value));
    this.applyCredentials(index, record, origin);
    for (const gid of record.groups) {
      const g = index.groups.get(gid);
      if (g === undefined || !g.global || g.members.includes(id)) continue;
      const value = { ...encodeGroup(g), members: [...g.members, id] };
      if (this.configure({ op: "put", entity: "group", value }, origin))
        index.groups.set(gid, { ...g, members: [...g.members, id] });
    }
  }

  /** Removals first, so a card moved from one credential to another never meets itself. */
  private applyCredentials(
    index: LocalIndex,
    record: Extract<GlobalRecord, { entity: "cardholder" }>,
    origin: string,
  ): void {
    const current = index.credentials.get(record.id) ?? [];
    const wanted = new Map(record.credentials.map((c) => [(c as { id: string }).id, c]));
    const kept: Credential[] = [];
    for (const c of current)
      if (wanted.has(c.id)) kept.push(c);
      else if (!this.configure({ op: "remove", entity: "credential", id: c.id }, origin)) kept.push(c);
    const byId = new Map(kept.map((c) => [c.id, c]));
    for (const [cid, value] of wanted) {
      const had = byId.get(cid);
      if (had !== undefined && same(encodeCredential(had), value)) continue;
      if (this.configure({ op: "put", entity: "credential", value }, origin))
        byId.set(cid, decodeCredential(value));
    }
    index.credentials.set(record.id, [...byId.values()]);
  }

  private applyGroup(index: LocalIndex, record: Extract<GlobalRecord, { entity: "group" }>): void {
    const { id, origin } = record;
    const existing = index.groups.get(id);
    if (existing !== undefined && !existing.global) {
      this.logger.warn("global group not applied: a local group has its id", { id, origin });
      return;
    }
    if (record.value === null) {
      if (existing !== undefined && this.configure({ op: "remove", entity: "group", id }, origin))
        index.groups.delete(id);
      return;
    }
    const value = record.value as { members?: string[] };
    // Members not here yet join when their own record arrives (it lists this group).
    const members = (value.members ?? []).filter((m) => index.cardholders.has(m));
    const wanted = { ...value, members };
    if (existing !== undefined && same(encodeGroup(existing), wanted)) return;
    if (this.configure({ op: "put", entity: "group", value: wanted }, origin))
      index.groups.set(id, decodeGroup(wanted));
  }
}
