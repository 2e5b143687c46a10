/** WAL checkpoints from a second connection, on the injected clock, restarting a WAL that grew too large. */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { Checkpointer, Database } from "../../src/store";
import { useTempDir } from "./tempDir";

const dir = useTempDir();

const writer = async (path: string) => {
  const db = await Database.open(path);
  await db.exec("PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x TEXT)");
  const write = (rows: number) =>
    db.transaction(async (tx) => {
      for (let i = 0; i < rows; i++) await tx.run("INSERT INTO t VALUES (?)", ["x".repeat(500)]);
    });
  const walPages = async () => (await db.get<{ log: number }>("PRAGMA wal_checkpoint(PASSIVE)"))!.log;
  return { db, write, walPages };
};

describe("Checkpointer", () => {
  it("copies the WAL into the database file every interval on the engine clock", async () => {
    const path = join(dir(), "cp.db");
    const { db, write } = await writer(path);
    await write(500);
    const before = (await stat(path)).size;
    const clock = new VirtualClock(0);
    const checkpointer = await Checkpointer.start(path, clock, { intervalMs: 100 });
    clock.advance(99);
    await checkpointer.stop();
    expect((await stat(path)).size).toBe(before);

    const again = await Checkpointer.start(path, clock, { intervalMs: 100 });
    clock.advance(100);
    await again.stop();
    expect((await stat(path)).size).toBeGreaterThan(before + 200_000);
    expect(clock.pending).toBe(0);
    await db.close();
  });

  it("switches to a restarting checkpoint past the limit, after which the next commit starts a fresh WAL", async () => {
    const path = join(dir(), "restart.db");
    const { db, write, walPages } = await writer(path);
    const checkpointer = await Checkpointer.start(path, new VirtualClock(0), { restartPages: 10 });
    await write(500);
    await checkpointer.checkpoint();
    await write(500);
    await checkpointer.checkpoint();
    await write(1);
    expect(await walPages()).toBeLessThan(10);
    await checkpointer.stop();
    await db.close();
  });
});
