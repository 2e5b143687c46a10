/**
 * History queries over a journal of 1 000 000 events in a real SQLite file, journalled as the host
 * journals them (block filters built from committed events): a cardholder's or a door's events of
 * some types in a time range, newest first, one page.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EngineEvent, systemClock } from "@portcullis/engine";
import { EventHistory, type EventQuery, JournalBlooms, Store } from "@portcullis/host";
import type { BenchResult } from "./measure";

/** Per 1 000 000 events: 1 000 doors and 50 000 cardholders. */
const DOORS_PER_EVENT = 1 / 1_000;
const CARDHOLDERS_PER_EVENT = 1 / 20;
const EVENT_MS = 80;
const T0 = 1_767_600_000_000;
/** Events appended before waiting for their commit. */
const CHUNK = 10_000;
const WARMUP = 3;
const SAMPLES = 20;
const COLD_SAMPLES = 5;

const percentile95 = (times: number[]): number => {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.round(sorted[Math.ceil(sorted.length * 0.95) - 1]! * 10) / 10;
};

interface Scale {
  readonly events: number;
  readonly doors: number;
  readonly cardholders: number;
}

const scaleOf = (events: number): Scale => ({
  events,
  doors: Math.max(1, Math.round(events * DOORS_PER_EVENT)),
  cardholders: Math.max(1, Math.round(events * CARDHOLDERS_PER_EVENT)),
});

/** A day of traffic: grants, passages and door positions, one event every 80 ms. */
const eventOf = ({ doors, cardholders }: Scale, seq: number): EngineEvent => {
  const at = T0 + seq * EVENT_MS;
  const doorId = `d${seq % doors}`;
  // Cardholders spread over the doors, not in lockstep with them.
  const cardholderIds = [`ch${(seq * 7_919) % cardholders}`];
  switch (seq % 4) {
    case 0:
      return {
        type: "AccessGranted",
        seq,
        at,
        doorId,
        side: "A",
        readerId: `${doorId}-in`,
        grantId: `g${seq}`,
        cardholderIds,
      };
    case 1:
      return { type: "AccessTaken", seq, at, doorId, side: "A", grantId: `g${seq - 1}`, cardholderIds };
    case 2:
      return { type: "DoorOpened", seq, at, doorId };
    default:
      return { type: "DoorClosed", seq, at, doorId };
  }
};

/** The queries measured: half by cardholder, half by door, each with types and a time range. */
const queryOf = ({ events, doors, cardholders }: Scale, i: number): EventQuery => {
  // The middle three quarters of the day.
  const window = { from: T0 + (events / 8) * EVENT_MS, to: T0 + ((7 * events) / 8) * EVENT_MS };
  return i % 2 === 0
    ? {
        cardholderId: `ch${(i * 4_099) % cardholders}`,
        types: ["AccessGranted", "AccessTaken"],
        ...window,
        limit: 100,
      }
    : { doorIds: [`d${(i * 36) % doors}`], types: ["AccessGranted"], ...window, limit: 100 };
};

/**
 * `journal.query_ms@1000000events`: the 95th percentile of filtered queries on a running host
 * (target ≤ 200 ms); `journal.query_cold_ms@…`: the same right after a restart, filters not yet in memory.
 */
export const journalQueryBench = async (events = 1_000_000): Promise<BenchResult[]> => {
  const scale = scaleOf(events);
  const dir = await mkdtemp(join(tmpdir(), "portcullis-bench-history-"));
  try {
    const store = await Store.open({ path: join(dir, "history.db"), clock: systemClock });
    const blooms = new JournalBlooms(store.db);
    const following = blooms.follow(store.journal.committed$);
    for (let seq = 1; seq <= events;) {
      for (const end = Math.min(events, seq + CHUNK - 1); seq <= end; seq++)
        store.journal.append(eventOf(scale, seq));
      await store.journal.flush();
    }
    await blooms.settled();
    const history = new EventHistory(store.db, store.journal, blooms, () => undefined);
    let found = 0;
    for (let i = 0; i < WARMUP; i++)
      found += (await history.query(queryOf(scale, SAMPLES + i))).events.length;
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      found += (await history.query(queryOf(scale, i))).events.length;
      times.push(performance.now() - start);
    }
    // Every query finds something, or it would measure a shortcut.
    if (found === 0) throw new Error("journal.query bench: the queries matched nothing");
    following.unsubscribe();
    await store.close();
    // After a restart no filter is in memory yet: the first queries read them from the file.
    const reopened = await Store.open({ path: join(dir, "history.db"), clock: systemClock });
    const cold: number[] = [];
    for (let i = 0; i < COLD_SAMPLES; i++) {
      const fresh = new EventHistory(
        reopened.db,
        reopened.journal,
        new JournalBlooms(reopened.db),
        () => undefined,
      );
      const start = performance.now();
      await fresh.query(queryOf(scale, i));
      cold.push(performance.now() - start);
    }
    await reopened.close();
    return [
      { name: `journal.query_ms@${events}events`, value: percentile95(times), unit: "ms", n: SAMPLES },
      {
        name: `journal.query_cold_ms@${events}events`,
        value: percentile95(cold),
        unit: "ms",
        n: COLD_SAMPLES,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
