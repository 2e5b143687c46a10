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

const EVENTS = 1_000_000;
const DOORS = 1_000;
const CARDHOLDERS = 50_000;
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

/** A day of traffic at 1 000 doors: grants, passages and door positions, one event every 80 ms. */
const event = (seq: number): EngineEvent => {
  const at = T0 + seq * 80;
  const doorId = `d${seq % DOORS}`;
  // Cardholders spread over the doors, not in lockstep with them.
  const cardholderIds = [`ch${(seq * 7_919) % CARDHOLDERS}`];
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
const queryOf = (i: number): EventQuery => {
  const window = { from: T0 + 10_000_000, to: T0 + 70_000_000 };
  return i % 2 === 0
    ? {
        cardholderId: `ch${(i * 4_099) % CARDHOLDERS}`,
        types: ["AccessGranted", "AccessTaken"],
        ...window,
        limit: 100,
      }
    : { doorIds: [`d${(i * 37) % DOORS}`], types: ["AccessGranted"], ...window, limit: 100 };
};

/**
 * `journal.query_ms@1000000events`: the 95th percentile of filtered queries on a running host
 * (target ≤ 200 ms); `journal.query_cold_ms@…`: the same right after a restart, filters not yet in memory.
 */
export const journalQueryBench = async (): Promise<BenchResult[]> => {
  const dir = await mkdtemp(join(tmpdir(), "portcullis-bench-history-"));
  try {
    const store = await Store.open({ path: join(dir, "history.db"), clock: systemClock });
    const blooms = new JournalBlooms(store.db);
    const following = blooms.follow(store.journal.committed$);
    for (let seq = 1; seq <= EVENTS;) {
      for (const end = Math.min(EVENTS, seq + CHUNK - 1); seq <= end; seq++) store.journal.append(event(seq));
      await store.journal.flush();
    }
    await blooms.settled();
    const history = new EventHistory(store.db, store.journal, blooms, () => undefined);
    let found = 0;
    for (let i = 0; i < WARMUP; i++) found += (await history.query(queryOf(SAMPLES + i))).events.length;
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      found += (await history.query(queryOf(i))).events.length;
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
      await fresh.query(queryOf(i));
      cold.push(performance.now() - start);
    }
    await reopened.close();
    return [
      { name: `journal.query_ms@${EVENTS}events`, value: percentile95(times), unit: "ms", n: SAMPLES },
      {
        name: `journal.query_cold_ms@${EVENTS}events`,
        value: percentile95(cold),
        unit: "ms",
        n: COLD_SAMPLES,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
