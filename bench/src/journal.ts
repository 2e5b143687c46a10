/** Journal throughput: events committed per second through the batching journal into a real SQLite file. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EngineEvent, systemClock } from "@portcullis/engine";
import { Database, migrate, Store } from "@portcullis/host";
import { type BenchResult, timing } from "./measure";

/** Events allowed in flight ahead of the commits, as an engine under heavy traffic would have. */
const BACKLOG = 5_000;
/** Events appended per turn of the event loop. */
const BURST = 100;
/** Rows per INSERT in the floor scenario, as the journal writes them. */
const ROWS = 100;

const event = (seq: number): EngineEvent => ({
  type: "AccessTaken",
  seq,
  at: 1_767_600_000_000 + seq,
  doorId: `d${seq % 1_000}`,
  grantId: `g${seq}`,
  cardholderIds: [`ch${seq % 50_000}`],
  side: "A",
});

const inTempDir = async <A>(run: (dir: string) => Promise<A>): Promise<A> => {
  const dir = await mkdtemp(join(tmpdir(), "portcullis-bench-"));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/** Committed events per second: a producer keeps `BACKLOG` events queued; only commits count. */
const journalRate = (): Promise<{ value: number; n: number }> =>
  inTempDir(async (dir) => {
    const store = await Store.open({ path: join(dir, "journal.db"), clock: systemClock });
    const { journal } = store;
    let committed = 0;
    let wake: (() => void) | undefined;
    journal.committed$.subscribe(() => {
      committed++;
      wake?.();
    });
    const runFor = async (ms: number): Promise<{ value: number; n: number }> => {
      const from = committed;
      const start = performance.now();
      let elapsed = 0;
      // At least one commit must land, however short the window: a rate of nothing measures nothing.
      while (elapsed < ms || committed === from) {
        // Traffic arrives in small bursts, as inputs do, so commits overlap with producing events.
        if (journal.nextSeq() - journal.head() <= BACKLOG) {
          for (let i = 0; i < BURST; i++) journal.append(event(journal.nextSeq()));
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else await new Promise<void>((resolve) => (wake = resolve));
        elapsed = performance.now() - start;
      }
      return { value: Math.round(((committed - from) * 1000) / elapsed), n: committed - from };
    };
    await runFor(timing.warmupMs);
    const result = await runFor(timing.measureMs);
    await store.close();
    return result;
  });

/** Floor: the same rows as 100-row multi-VALUES inserts in 1 000-row transactions, no journal. */
const floorRate = (): Promise<{ value: number; n: number }> =>
  inTempDir(async (dir) => {
    const db = await Database.open(join(dir, "floor.db"));
    await migrate(db, 0);
    const sql = `INSERT INTO journal (seq, at, type, json) VALUES ${new Array<string>(ROWS).fill("(?,?,?,?)").join(",")}`;
    let seq = 0;
    const runFor = async (ms: number): Promise<{ value: number; n: number }> => {
      const start = performance.now();
      let n = 0;
      while (performance.now() - start < ms) {
        await db.transaction(async (tx) => {
          for (let s = 0; s < 10; s++) {
            const values: Array<string | number> = [];
            for (let r = 0; r < ROWS; r++) {
              const e = event(++seq);
              values.push(e.seq, e.at, e.type, JSON.stringify(e));
            }
            await tx.run(sql, values);
          }
        });
        n += 10 * ROWS;
      }
      return { value: Math.round((n * 1000) / (performance.now() - start)), n };
    };
    await runFor(timing.warmupMs);
    const result = await runFor(timing.measureMs);
    await db.close();
    return result;
  });

/** `floor.sqlite_multirow_rows_per_s` and `journal.events_per_s` (committed; target ≥ 100 000/s). */
export const journalBench = async (): Promise<BenchResult[]> => [
  { name: "floor.sqlite_multirow_rows_per_s", unit: "rows/s", ...(await floorRate()) },
  { name: "journal.events_per_s", unit: "events/s", ...(await journalRate()) },
];
