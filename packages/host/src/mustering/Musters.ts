/**
 * Mustering (seed "Create cardholder activity reports"): a muster lists the cardholders present in
 * its zones when it starts, all missing until they swipe at one of its muster-point readers or
 * someone marks them safe by hand. Musters are stored, and a restarted host catches up on the swipes
 * journalled since the last one it stored, so a muster survives a restart.
 */
import { Either } from "effect";
import type { Observable, Subscription } from "rxjs";
import type { Policy } from "@portcullis/engine";
import type { Database } from "../store";
import type { KeyedEvent } from "../history/eventKeys";
import { MultiRowStatement } from "../store/multiRow";
import { fullName } from "../reports/SiteNames";
import { MusterError } from "./MusterError";
import { scopedCardholders, scopedZones, type ZonePresence } from "./rollCall";

/** What starting a muster takes: its zones, optional groups, and muster-point readers. */
export interface MusterPlan {
  readonly id: string;
  readonly zoneIds: ReadonlyArray<string>;
  readonly groupIds?: ReadonlyArray<string>;
  readonly readerIds: ReadonlyArray<string>;
}

/** A muster as stored: its plan, who started it and when. */
interface MusterRecord extends MusterPlan {
  readonly startedBy: string;
  readonly startedAt: number;
}

interface Person {
  readonly zoneId: string;
  safeAt?: number;
  safeBy?: string;
}

interface Muster {
  readonly record: MusterRecord;
  readonly people: Map<string, Person>;
}

/** A cardholder on a muster list. */
export interface MusteredPerson {
  readonly cardholderId: string;
  readonly name: string;
  readonly zoneId: string;
}

/** A safe cardholder: when, and by whom (`reader <id>` for a swipe at a muster point). */
export interface SafePerson extends MusteredPerson {
  readonly safeAt: number;
  readonly by: string;
}

/** A muster's report: safe and missing. */
export interface MusterStatus extends MusterRecord {
  readonly safe: ReadonlyArray<SafePerson>;
  readonly missing: ReadonlyArray<MusteredPerson>;
}

/** What musters need of the site: its people, readers and the zones' live presence. */
export interface MusterSite {
  readonly policy: Pick<Policy, "cardholders" | "groups" | "zones">;
  readonly readerIds: () => ReadonlySet<string>;
  readonly presence: () => ZonePresence;
}

/** The journal as musters read it: committed events, and those since a `seq`. */
export interface MusterJournal {
  readonly committed$: Observable<KeyedEvent>;
  head(): number;
  readFrom(seq: number, limit: number): Promise<ReadonlyArray<KeyedEvent>>;
}

const insertPeople = new MultiRowStatement(
  "INSERT INTO muster_people (muster_id, cardholder_id, zone_id) VALUES",
  3,
);

/** Cardholders an event identifies at a reader. */
const swipers = (event: KeyedEvent): ReadonlyArray<string> => {
  const one = event["cardholderId"];
  if (typeof one === "string") return [one];
  const many = event["cardholderIds"];
  return Array.isArray(many) ? (many as string[]) : [];
};

const fail = (code: MusterError["code"], message: string) => Either.left(new MusterError({ code, message }));

/** The running musters of a site. */
export class Musters {
  private readonly musters = new Map<string, Muster>();
  private subscription: Subscription | undefined;
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Database,
    private readonly site: MusterSite,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Loads the stored musters, catches up on the journal since each, then follows new events. */
  static async open(
    db: Database,
    journal: MusterJournal,
    site: MusterSite,
    onError: (error: unknown) => void = () => {},
  ): Promise<Musters> {
    const musters = new Musters(db, site, onError);
    const live: KeyedEvent[] = [];
    let caughtUp = false;
    musters.subscription = journal.committed$.subscribe((e) =>
      caughtUp ? musters.observe(e) : live.push(e),
    );
    const rows = await db.all<{ id: string; json: string; started_at: number; through_seq: number }>(
      "SELECT id, json, started_at, through_seq FROM musters",
    );
    let from = Infinity;
    for (const row of rows) {
      const people = new Map<string, Person>();
      const stored = await db.all<{
        cardholder_id: string;
        zone_id: string;
        safe_at: number | null;
        safe_by: string | null;
      }>("SELECT cardholder_id, zone_id, safe_at, safe_by FROM muster_people WHERE muster_id = ?", [row.id]);
      for (const p of stored)
        people.set(p.cardholder_id, {
          zoneId: p.zone_id,
          ...(p.safe_at !== null && { safeAt: p.safe_at }),
          ...(p.safe_by !== null && { safeBy: p.safe_by }),
        });
      musters.musters.set(row.id, { record: JSON.parse(row.json) as MusterRecord, people });
      from = Math.min(from, row.through_seq + 1);
    }
    // Swipes journalled after the last stored mark (a crash in between) count as well; marking is idempotent.
    for (let seq = from; musters.musters.size > 0 && seq <= journal.head();) {
      const events = await journal.readFrom(seq, 1_000);
      if (events.length === 0) break;
      for (const e of events) musters.observe(e);
      seq = events[events.length - 1]!.seq + 1;
    }
    caughtUp = true;
    for (const e of live) musters.observe(e);
    return musters;
  }

  /** Waits for the writes under way. */
  async settled(): Promise<void> {
    await this.writes;
  }

  /** Stops following the journal; waits for the writes under way. */
  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.writes;
  }

  private observe(event: KeyedEvent): void {
    const readerId = event["readerId"];
    if (typeof readerId !== "string" || this.musters.size === 0) return;
    for (const [id, muster] of this.musters) {
      if (!muster.record.readerIds.includes(readerId)) continue;
      for (const cardholderId of swipers(event))
        void this.mark(id, muster, cardholderId, event.at, `reader ${readerId}`, event.seq).catch(
          this.onError,
        );
    }
  }

  /** Marks a listed cardholder safe (the first mark stays) and stores it. */
  private mark(
    id: string,
    muster: Muster,
    cardholderId: string,
    at: number,
    by: string,
    seq?: number,
  ): Promise<unknown> {
    const person = muster.people.get(cardholderId);
    if (person === undefined || person.safeAt !== undefined) return this.writes;
    person.safeAt = at;
    person.safeBy = by;
    return this.queue(() =>
      this.db.transaction(async (tx) => {
        await tx.run(
          "UPDATE muster_people SET safe_at = ?, safe_by = ? WHERE muster_id = ? AND cardholder_id = ? AND safe_at IS NULL",
          [at, by, id, cardholderId],
        );
        if (seq !== undefined)
          await tx.run("UPDATE musters SET through_seq = max(through_seq, ?) WHERE id = ?", [seq, id]);
      }),
    );
  }

  private queue<A>(write: () => Promise<A>): Promise<A> {
    const done = this.writes.then(write);
    this.writes = done.catch(() => {});
    return done;
  }

  /**
   * Starts a muster: everyone present in its zones (of its groups, if any) is missing from now.
   * `headSeq` is the journal's head: only swipes journalled after it count.
   */
  async start(
    plan: MusterPlan,
    by: string,
    at: number,
    headSeq: number,
  ): Promise<Either.Either<MusterStatus, MusterError>> {
    if (this.musters.has(plan.id))
      return fail("MusterRunning", `muster "${plan.id}" is running; reset it before starting it again`);
    const zones = scopedZones(this.site.policy, plan.zoneIds);
    if (Either.isLeft(zones)) return Either.left(zones.left);
    const scope = scopedCardholders(this.site.policy, plan.groupIds);
    if (Either.isLeft(scope)) return Either.left(scope.left);
    const readers = this.site.readerIds();
    const unknown = plan.readerIds.find((r) => !readers.has(r));
    if (unknown !== undefined) return fail("UnknownReader", `unknown reader "${unknown}"`);
    const presence = this.site.presence();
    const people = new Map<string, Person>();
    for (const zone of zones.right)
      for (const cardholderId of presence.get(zone.id)?.keys() ?? [])
        if ((scope.right === undefined || scope.right.has(cardholderId)) && !people.has(cardholderId))
          people.set(cardholderId, { zoneId: zone.id });
    const record: MusterRecord = { ...plan, startedBy: by, startedAt: at };
    await this.queue(() =>
      this.db.transaction(async (tx) => {
        await tx.run("INSERT INTO musters (id, json, started_at, through_seq) VALUES (?, ?, ?, ?)", [
          plan.id,
          JSON.stringify(record),
          at,
          headSeq,
        ]);
        await insertPeople.run(
          tx,
          [...people].flatMap(([cardholderId, p]) => [plan.id, cardholderId, p.zoneId]),
        );
      }),
    );
    const muster = { record, people };
    this.musters.set(plan.id, muster);
    return Either.right(this.describe(muster));
  }

  /** Marks a cardholder on the muster's list safe by hand; resolves once stored. */
  async markSafe(
    id: string,
    cardholderId: string,
    by: string,
    at: number,
  ): Promise<Either.Either<MusterStatus, MusterError>> {
    const muster = this.musters.get(id);
    if (muster === undefined) return fail("UnknownMuster", `no muster "${id}" is running`);
    if (!muster.people.has(cardholderId))
      return fail("UnknownCardholder", `cardholder "${cardholderId}" is not on muster "${id}"`);
    await this.mark(id, muster, cardholderId, at, by);
    return Either.right(this.describe(muster));
  }

  /** Ends a muster: its lists are dropped, and the id can start again. */
  async reset(id: string): Promise<Either.Either<void, MusterError>> {
    if (!this.musters.delete(id)) return fail("UnknownMuster", `no muster "${id}" is running`);
    await this.queue(() => this.db.run("DELETE FROM musters WHERE id = ?", [id]));
    return Either.void;
  }

  /** A running muster's report. */
  status(id: string): Either.Either<MusterStatus, MusterError> {
    const muster = this.musters.get(id);
    return muster === undefined
      ? fail("UnknownMuster", `no muster "${id}" is running`)
      : Either.right(this.describe(muster));
  }

  /** Every running muster's report. */
  list(): MusterStatus[] {
    return [...this.musters.values()].map((m) => this.describe(m));
  }

  private describe({ record, people }: Muster): MusterStatus {
    const names = new Map(this.site.policy.cardholders.map((c) => [c.id, fullName(c)]));
    const safe: SafePerson[] = [];
    const missing: MusteredPerson[] = [];
    for (const [cardholderId, p] of [...people].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const listed = { cardholderId, name: names.get(cardholderId) ?? cardholderId, zoneId: p.zoneId };
      if (p.safeAt === undefined) missing.push(listed);
      else safe.push({ ...listed, safeAt: p.safeAt, by: p.safeBy ?? "" });
    }
    return { ...record, safe, missing };
  }
}
