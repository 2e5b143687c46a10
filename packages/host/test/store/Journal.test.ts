/** The journal: batching on the injected clock, `committed$` after commit in seq order, resume reads, retention. */
import { join } from "node:path";
import { VirtualClock } from "@portcullis/testkit";
import type { EngineEvent } from "@portcullis/engine";
import { firstValueFrom, toArray } from "rxjs";
import { take } from "rxjs/operators";
import { describe, expect, it } from "vitest";
import { Database, Journal, type JournalOptions, migrate, StoreError } from "../../src/store";
import { doorOpened, doorOpenings } from "./events";
import { useTempDir } from "./tempDir";

const dir = useTempDir();

const setup = async (options: Partial<JournalOptions> = {}, file = "journal.db") => {
  const clock = new VirtualClock(1_000);
  const db = await Database.open(join(dir(), file));
  await migrate(db, 0);
  const journal = await Journal.open(db, { clock, ...options });
  const seen: EngineEvent[] = [];
  journal.committed$.subscribe((e) => seen.push(e));
  // Every database call waits its turn behind a running commit: this settles one without real time.
  const settled = () => db.get("SELECT 1");
  const onDisk = async () => (await db.get<{ n: number }>("SELECT count(*) AS n FROM journal"))!.n;
  return { clock, db, journal, seen, settled, onDisk };
};

describe("Journal", () => {
  it("commits a batch 10 ms after its first event, not before", async () => {
    const { clock, db, journal, seen, settled, onDisk } = await setup();
    for (const e of doorOpenings(1, 3)) journal.append(e);
    clock.advance(9);
    await settled();
    expect(seen).toEqual([]);
    expect(await onDisk()).toBe(0);
    clock.advance(1);
    await settled();
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(journal.head()).toBe(3);
    expect(await onDisk()).toBe(3);
    await journal.close();
    await db.close();
  });

  it("commits without the timer once the turn that brought the 1 000th event ends", async () => {
    const { clock, db, journal, seen, settled } = await setup();
    for (const e of doorOpenings(1, 999)) journal.append(e);
    await settled();
    expect(seen).toEqual([]);
    journal.append(doorOpened(1000));
    journal.append(doorOpened(1001));
    await Promise.resolve();
    await settled();
    expect(seen).toHaveLength(1001);
    expect(clock.pending).toBe(0);
    await journal.close();
    await db.close();
  });

  it("emits only committed events, strictly in seq order, across batches formed during a commit", async () => {
    const { db, journal, seen } = await setup({ maxBatch: 100 });
    const heads: number[] = [];
    journal.committed$.subscribe((e) => heads.push(journal.head() - e.seq));
    for (const e of doorOpenings(1, 150)) journal.append(e);
    await Promise.resolve();
    // The first commit is running: these wait for it and form the next batch.
    for (const e of doorOpenings(151, 2_400)) journal.append(e);
    await journal.flush();
    expect(new Set(heads.slice(0, 150).map((d, i) => d + i + 1))).toEqual(new Set([150]));
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 2_550 }, (_, i) => i + 1));
    // When an event is emitted its whole batch is already committed.
    expect(heads.every((d) => d >= 0)).toBe(true);
    expect(await db.get("SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM journal")).toEqual({
      n: 2_550,
      lo: 1,
      hi: 2_550,
    });
    await journal.close();
    await db.close();
  });

  it("stores each event as JSON and reads from a seq inclusively, in pages", async () => {
    const { db, journal } = await setup();
    const events = doorOpenings(1, 25);
    for (const e of events) journal.append(e);
    await journal.flush();
    expect(await journal.readFrom(10, 5)).toEqual(events.slice(9, 14));
    expect(await journal.readFrom(24, 100)).toEqual(events.slice(23));
    expect(await journal.readFrom(26, 100)).toEqual([]);
    expect(await db.get("SELECT seq, at, type FROM journal WHERE seq = 7")).toEqual({
      seq: 7,
      at: 7,
      type: "DoorOpened",
    });
    await journal.close();
    await db.close();
  });

  it("continues from the last seq on disk after a restart", async () => {
    const first = await setup({}, "restart.db");
    for (const e of doorOpenings(1, 42)) first.journal.append(e);
    await first.journal.close();
    await first.db.close();

    const again = await setup({}, "restart.db");
    expect(again.journal.head()).toBe(42);
    expect(again.journal.nextSeq()).toBe(43);
    expect(() => again.journal.append(doorOpened(1))).toThrow(RangeError);
    again.journal.append(doorOpened(43));
    expect(again.journal.nextSeq()).toBe(44);
    await again.journal.flush();
    expect(again.seen.map((e) => e.seq)).toEqual([43]);
    await again.journal.close();
    await again.db.close();
  });

  it("refuses a seq that does not follow on", async () => {
    const { db, journal } = await setup();
    journal.append(doorOpened(1));
    expect(() => journal.append(doorOpened(3))).toThrow(/expected seq 2, got 3/);
    await journal.close();
    await db.close();
  });

  it("prunes by count and by age, keeping the head row so seq never restarts", async () => {
    const { db, journal } = await setup();
    for (const e of doorOpenings(1, 50)) journal.append(e);
    await journal.flush();
    expect(await journal.oldest()).toBe(1);
    expect(await journal.prune(20)).toBe(30);
    expect(await journal.oldest()).toBe(31);
    expect(await journal.pruneBefore(40)).toBe(9);
    expect(await journal.oldest()).toBe(40);
    expect(await journal.prune(0)).toBe(10);
    expect(await journal.pruneBefore(Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(await journal.oldest()).toBe(50);
    await journal.close();
    await db.close();
  });

  it("reports an empty journal as head 0 with no oldest event", async () => {
    const { db, journal } = await setup();
    expect(journal.head()).toBe(0);
    expect(journal.nextSeq()).toBe(1);
    expect(await journal.oldest()).toBeUndefined();
    await journal.flush();
    await journal.close();
    await db.close();
  });

  it("keeps a failed batch queued and retries it, without emitting it", async () => {
    const { clock, db, journal, seen, settled } = await setup({ retryDelayMs: 500 });
    const errors: StoreError[] = [];
    journal.errors$.subscribe((e) => errors.push(e));
    // A clashing row makes the first commit fail at its INSERT.
    await db.run("INSERT INTO journal (seq, at, type, json) VALUES (2, 0, 'x', '{}')");
    for (const e of doorOpenings(1, 3)) journal.append(e);
    await expect(journal.flush()).rejects.toBeInstanceOf(StoreError);
    expect(errors).toHaveLength(1);
    expect(seen).toEqual([]);
    journal.append(doorOpened(4));
    await db.run("DELETE FROM journal");
    clock.advance(500);
    await settled();
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    await journal.close();
    await db.close();
  });

  it("completes committed$ on close after committing what is queued", async () => {
    const { db, journal } = await setup();
    const all = firstValueFrom(journal.committed$.pipe(take(10), toArray()));
    for (const e of doorOpenings(1, 10)) journal.append(e);
    await journal.close();
    expect((await all).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(() => journal.append(doorOpened(11))).toThrow(StoreError);
    await db.close();
  });
});
