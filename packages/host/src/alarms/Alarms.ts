/**
 * The host's alarms (issue 13): raised, cleared and acknowledged by journal events only, kept in
 * SQLite beside the journal, so a restart (or a crash between a commit and the alarm write) loses
 * none: on open the journal is read again from the last `seq` stored. Acknowledging is refused for an
 * alarm already acknowledged, or being acknowledged by someone else right now.
 */
import { Either } from "effect";
import { Subject, type Observable, type Subscription } from "rxjs";
import type { JournalEvent } from "../events";
import type { Database } from "../store";
import { type Alarm, ALARM_RELATED_TYPES, byUrgency, conditionEnded, raisedBy } from "./Alarm";
import { AlarmError } from "./AlarmError";

/** Closed alarms (acknowledged, condition over) still sent to clients, newest first. */
const RECENT_CLOSED = 50;
/** Journal rows read per query while catching up. */
const PAGE = 1_000;

/** An alarm is open while unacknowledged, or while the condition it lasts for goes on. */
const isOpen = (a: Alarm, lasting: boolean): boolean =>
  a.state !== "acknowledged" || (lasting && a.clearedAt === undefined);

/** The journal as alarms follow it: committed events only. */
export interface AlarmJournal {
  readonly committed$: Observable<JournalEvent>;
}

/** What the host records when an operator acknowledges. */
export type RecordAcknowledgement = (alarmSeq: number, by: string, note: string) => void;

export class Alarms {
  /** Open alarms by `seq`. */
  private readonly open = new Map<number, Alarm>();
  /** The conditions still lasting, each with the alarms it keeps from clearing. */
  private readonly conditions = new Map<string, Set<number>>();
  /** Condition of each lasting alarm, kept while it is open. */
  private readonly conditionOf = new Map<number, string>();
  private recent: Alarm[] = [];
  /** Acknowledgements journalled but not yet committed: a second one is refused meanwhile. */
  private readonly acknowledging = new Set<number>();
  private readonly dirty = new Map<number, Alarm>();
  /** The last journal `seq` observed. */
  private through = 0;
  private writes: Promise<unknown> = Promise.resolve();
  private subscription: Subscription | undefined;
  private readonly changed = new Subject<Alarm>();
  /** Every change of an alarm, after the event that made it is committed. */
  readonly changes$: Observable<Alarm> = this.changed.asObservable();

  private constructor(
    private readonly db: Database,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Loads the stored alarms, catches up on the journal since the last one stored, then follows it. */
  static async open(
    db: Database,
    journal: AlarmJournal,
    onError: (error: unknown) => void = () => {},
  ): Promise<Alarms> {
    const alarms = new Alarms(db, onError);
    const live: JournalEvent[] = [];
    let caughtUp = false;
    alarms.subscription = journal.committed$.subscribe((e) => (caughtUp ? alarms.observe(e) : live.push(e)));
    const cursor = await db.get<{ seq: number }>("SELECT seq FROM alarm_cursor WHERE id = 1");
    alarms.through = cursor?.seq ?? 0;
    for (const row of await db.all<{ json: string; condition: string | null }>(
      "SELECT json, condition FROM alarms WHERE open = 1 ORDER BY seq",
    )) {
      const alarm = JSON.parse(row.json) as Alarm;
      alarms.open.set(alarm.seq, alarm);
      if (row.condition !== null) alarms.track(alarm.seq, row.condition, alarm.clearedAt === undefined);
    }
    alarms.recent = (
      await db.all<{ json: string }>("SELECT json FROM alarms WHERE open = 0 ORDER BY seq DESC LIMIT ?", [
        RECENT_CLOSED,
      ])
    ).map((r) => JSON.parse(r.json) as Alarm);
    const types = ALARM_RELATED_TYPES.map(() => "?").join(", ");
    for (;;) {
      const rows = await db.all<{ json: string }>(
        `SELECT json FROM journal WHERE seq > ? AND type IN (${types}) ORDER BY seq LIMIT ?`,
        [alarms.through, ...ALARM_RELATED_TYPES, PAGE],
      );
      for (const r of rows) alarms.observe(JSON.parse(r.json) as JournalEvent);
      if (rows.length < PAGE) break;
    }
    caughtUp = true;
    for (const e of live) alarms.observe(e);
    await alarms.settled();
    return alarms;
  }

  private track(seq: number, condition: string, lasting: boolean): void {
    this.conditionOf.set(seq, condition);
    if (!lasting) return;
    const set = this.conditions.get(condition) ?? new Set<number>();
    set.add(seq);
    this.conditions.set(condition, set);
  }

  /** The open alarms, most urgent first, then the recently closed ones, newest first. */
  list(): ReadonlyArray<Alarm> {
    return [...[...this.open.values()].sort(byUrgency), ...this.recent].map((a) => ({ ...a }));
  }

  /**
   * Checks that the alarm at `seq` may be acknowledged and holds it for this caller: `record` then
   * journals the acknowledgement, which takes effect once committed.
   */
  async acknowledge(
    seq: number,
    by: string,
    note: string,
    record: RecordAcknowledgement,
  ): Promise<Either.Either<void, AlarmError>> {
    const alarm = this.open.get(seq);
    if (alarm === undefined) {
      const stored = await this.db.get<{ seq: number }>("SELECT seq FROM alarms WHERE seq = ?", [seq]);
      return Either.left(
        stored === undefined
          ? new AlarmError({ code: "UnknownAlarm", message: `no alarm event at seq ${seq}` })
          : alreadyAcknowledged(seq),
      );
    }
    // No await between this check and `record`: of two acknowledgements at once, one passes.
    if (alarm.state === "acknowledged" || this.acknowledging.has(seq))
      return Either.left(alreadyAcknowledged(seq));
    this.acknowledging.add(seq);
    record(seq, by, note);
    return Either.void;
  }

  private observe(event: JournalEvent): void {
    if (event.seq <= this.through) return;
    this.through = event.seq;
    const raised = raisedBy(event);
    if (raised !== undefined) {
      this.open.set(raised.alarm.seq, raised.alarm);
      if (raised.condition !== undefined) this.track(raised.alarm.seq, raised.condition, true);
      this.touch(raised.alarm);
    }
    const ended = conditionEnded(event);
    if (ended !== undefined) {
      for (const seq of this.conditions.get(ended) ?? []) {
        const alarm = this.open.get(seq);
        if (alarm === undefined) continue;
        alarm.clearedAt = event.at;
        if (alarm.state === "active") alarm.state = "cleared";
        this.touch(alarm);
      }
      this.conditions.delete(ended);
    }
    if (event.type === "AlarmAcknowledged") {
      this.acknowledging.delete(event.alarmSeq);
      const alarm = this.open.get(event.alarmSeq);
      // The first acknowledgement stands (older journals may hold a second one).
      if (alarm !== undefined && alarm.state !== "acknowledged") {
        alarm.state = "acknowledged";
        alarm.acknowledged = { at: event.at, by: event.by, note: event.note ?? "" };
        this.touch(alarm);
      }
    }
  }

  private touch(alarm: Alarm): void {
    const first = this.dirty.size === 0;
    this.dirty.set(alarm.seq, alarm);
    if (!isOpen(alarm, this.conditionOf.has(alarm.seq))) {
      this.open.delete(alarm.seq);
      this.recent = [alarm, ...this.recent.filter((a) => a.seq !== alarm.seq)].slice(0, RECENT_CLOSED);
    }
    this.changed.next({ ...alarm });
    if (first) queueMicrotask(this.flush);
  }

  /**
   * Stores the alarms changed by one committed batch, and how far the journal was read, in one
   * transaction. Batches without alarms write nothing: catching up skips them by type.
   */
  private readonly flush = (): void => {
    const alarms = [...this.dirty.values()].map((a) => ({
      seq: a.seq,
      json: JSON.stringify(a),
      open: isOpen(a, this.conditionOf.has(a.seq)) ? 1 : 0,
      condition: this.conditionOf.get(a.seq) ?? null,
    }));
    this.dirty.clear();
    for (const a of alarms) if (a.open === 0) this.conditionOf.delete(a.seq);
    const through = this.through;
    const write = this.writes.then(() =>
      this.db.transaction(async (tx) => {
        for (const a of alarms)
          await tx.run(
            `INSERT INTO alarms (seq, open, condition, json) VALUES (?, ?, ?, ?)
             ON CONFLICT (seq) DO UPDATE SET open = excluded.open, json = excluded.json`,
            [a.seq, a.open, a.condition, a.json],
          );
        await tx.run("UPDATE alarm_cursor SET seq = max(seq, ?) WHERE id = 1", [through]);
      }),
    );
    this.writes = write.catch(this.onError);
  };

  /** Waits for the writes under way. */
  async settled(): Promise<void> {
    await this.writes;
  }

  /** Stops following the journal; waits for the writes under way. */
  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    this.changed.complete();
    await this.writes;
  }
}

const alreadyAcknowledged = (seq: number) =>
  new AlarmError({ code: "AlreadyAcknowledged", message: `the alarm at seq ${seq} is already acknowledged` });
