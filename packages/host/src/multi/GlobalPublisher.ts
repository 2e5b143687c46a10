/**
 * The main's side of replication: every change to a global cardholder, their credentials or a
 * global group marks that entity dirty; dirty entities are published to the globals stream as
 * whole records once NATS acknowledges them, and what was published is remembered (a hash per
 * subject) in SQLite. So a change made while NATS is down is published once when it is back, and a
 * restart publishes only what changed while the host was stopped.
 */
import type { Subscription } from "rxjs";
import type { NatsConnection } from "nats";
import { DiscardPolicy, RetentionPolicy, StorageType } from "nats";
import type { EngineClock, Site } from "@portcullis/engine";
import type { Logger } from "../runtime/logger";
import { GlobalIndex, recordHash, recordSubject, type GlobalRecord } from "./GlobalRecord";
import type { MultiState } from "./MultiState";
import type { NatsLink } from "./NatsLink";
import { GLOBALS_STREAM, GLOBALS_SUBJECTS, type GlobalEntity } from "./subjects";

/** Entities recomputed per round: bounds the memory of one round of acknowledgements. */
const ROUND = 5_000;
/** After a failed round. */
const RETRY_MS = 1_000;

type Key = { readonly entity: GlobalEntity; readonly id: string };

/** Publishes the main's global entities. */
export class GlobalPublisher {
  private readonly dirty = new Map<string, Key>();
  private published = new Map<string, string>();
  private connection: NatsConnection | undefined;
  private flushing: Promise<void> | undefined;
  private retry: unknown;
  private readonly credentialOwner = new Map<string, string>();
  private readonly groupMembers = new Map<string, ReadonlyArray<string>>();
  private subscriptions: Subscription[] = [];
  private stopped = false;

  private constructor(
    private readonly site: Site,
    private readonly state: MultiState,
    private readonly origin: string,
    private readonly clock: EngineClock,
    private readonly logger: Logger,
  ) {}

  /** Starts publishing over `link`: everything global is checked against what was published last. */
  static async start(options: {
    readonly site: Site;
    readonly state: MultiState;
    readonly link: NatsLink;
    readonly clock: EngineClock;
    readonly logger: Logger;
  }): Promise<GlobalPublisher> {
    const p = new GlobalPublisher(
      options.site,
      options.state,
      options.site.config.name,
      options.clock,
      options.logger,
    );
    p.published = await options.state.published();
    p.markEverything();
    p.subscriptions.push(
      options.site.events$.subscribe((event) => {
        if (event.type === "ConfigChanged") p.changed(event.entity, event.id);
      }),
      options.link.connection$.subscribe((nc) => {
        p.connection = nc;
        if (nc) void p.connected(nc);
      }),
    );
    return p;
  }

  /** Resolves once everything marked so far is published (tests and the bench wait on it). */
  async idle(): Promise<void> {
    while (this.flushing || (this.dirty.size > 0 && this.connection)) {
      this.kick();
      await this.flushing;
    }
  }

  /** Entities waiting to be published. */
  get pending(): number {
    return this.dirty.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.subscriptions) s.unsubscribe();
    if (this.retry !== undefined) this.clock.clearTimeout(this.retry as never);
    await this.flushing;
  }

  private markEverything(): void {
    const policy = this.site.policy;
    for (const c of policy.credentials) this.credentialOwner.set(c.id, c.cardholderId);
    for (const g of policy.groups) this.groupMembers.set(g.id, g.members);
    for (const key of new GlobalIndex(policy, this.origin).globals()) this.mark(key.entity, key.id);
    // Published once and since removed or made local: their removal must reach the subs too.
    for (const subject of this.published.keys()) {
      const [, , entity, id64] = subject.split(".");
      this.mark(entity as GlobalEntity, Buffer.from(id64!, "base64url").toString("utf8"));
    }
  }

  private changed(entity: string, id: string): void {
    const policy = this.site.policy;
    // A whole-site replacement (a cardholder import, its undo) names no entity: everything is compared.
    if (entity === "site") this.markEverything();
    else if (entity === "cardholder") this.mark("cardholder", id);
    else if (entity === "credential") {
      const owner = policy.credentials.find((c) => c.id === id)?.cardholderId ?? this.credentialOwner.get(id);
      if (owner === undefined) return;
      this.credentialOwner.set(id, owner);
      this.mark("cardholder", owner);
    } else if (entity === "group") {
      const members = policy.groups.find((g) => g.id === id)?.members ?? [];
      // A member added or dropped, or the group made (not) global: their records list the group.
      for (const m of new Set([...(this.groupMembers.get(id) ?? []), ...members])) this.mark("cardholder", m);
      this.groupMembers.set(id, members);
      this.mark("group", id);
    } else return;
    this.kick();
  }

  private mark(entity: GlobalEntity, id: string): void {
    this.dirty.set(`${entity}\u0000${id}`, { entity, id });
  }

  private kick(): void {
    if (this.flushing || this.stopped || !this.connection || this.dirty.size === 0) return;
    this.flushing = this.flush(this.connection).finally(() => {
      this.flushing = undefined;
    });
  }

  /** Makes sure the stream exists; a stream created anew (a fresh NATS store) gets everything again. */
  private async connected(nc: NatsConnection): Promise<void> {
    try {
      const jsm = await nc.jetstreamManager();
      const exists = await jsm.streams.info(GLOBALS_STREAM).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await jsm.streams.add({
          name: GLOBALS_STREAM,
          subjects: [GLOBALS_SUBJECTS],
          retention: RetentionPolicy.Limits,
          storage: StorageType.File,
          discard: DiscardPolicy.Old,
          // The last message per entity is its state: the stream is the snapshot and the change log.
          max_msgs_per_subject: 1,
        });
        this.published.clear();
        this.markEverything();
      }
    } catch (e) {
      this.logger.warn("cannot set up the globals stream; retrying", { error: String(e) });
      this.later();
      return;
    }
    this.kick();
  }

  private later(): void {
    if (this.retry !== undefined || this.stopped) return;
    this.retry = this.clock.setTimeout(() => {
      this.retry = undefined;
      const nc = this.connection;
      if (nc) void this.connected(nc);
    }, RETRY_MS);
  }

  private async flush(nc: NatsConnection): Promise<void> {
    const js = nc.jetstream();
    while (this.dirty.size > 0 && !this.stopped && this.connection === nc) {
      const keys: Key[] = [];
      for (const [k, key] of this.dirty) {
        keys.push(key);
        this.dirty.delete(k);
        if (keys.length === ROUND) break;
      }
      const index = new GlobalIndex(this.site.policy, this.origin);
      const out: Array<{ subject: string; hash: string; record: GlobalRecord }> = [];
      for (const key of keys) {
        const record = index.record(key.entity, key.id);
        const subject = recordSubject(record);
        const hash = recordHash(record);
        const before = this.published.get(subject);
        if (before === hash || (before === undefined && record.value === null)) continue;
        out.push({ subject, hash, record });
      }
      try {
        await Promise.all(out.map((o) => js.publish(o.subject, JSON.stringify(o.record))));
        await this.state.setPublished(out.map((o) => [o.subject, o.hash] as const));
        for (const o of out) this.published.set(o.subject, o.hash);
      } catch (e) {
        for (const key of keys) this.mark(key.entity, key.id);
        this.logger.warn("cannot publish global changes; retrying", {
          error: String(e),
          pending: this.dirty.size,
        });
        this.later();
        return;
      }
    }
  }
}
