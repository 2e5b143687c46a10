/** Resuming clients: replay from disk then live, inclusive, without gaps or duplicates. */
import { join } from "node:path";
import { VirtualClock } from "@portcullis/testkit";
import type { EngineEvent } from "@portcullis/engine";
import { describe, expect, it } from "vitest";
import { followJournal, Store } from "../../src/store";
import { doorOpenings } from "./events";
import { useTempDir } from "./tempDir";

const dir = useTempDir();

describe("followJournal", () => {
  it("replays from an inclusive seq, then follows commits made during and after the replay", async () => {
    const store = await Store.open({ path: join(dir(), "follow.db"), clock: new VirtualClock(0) });
    const { journal } = store;
    for (const e of doorOpenings(1, 2_500)) journal.append(e);
    await journal.flush();

    const got: EngineEvent[] = [];
    let completed = false;
    const reachedEnd = new Promise<void>((resolve) => {
      followJournal(journal, 1_000, 300).subscribe({
        next: (e) => {
          got.push(e);
          if (e.seq === 3_210) resolve();
        },
        complete: () => (completed = true),
      });
    });
    // Committed while the replay is reading its pages, then after it.
    for (const e of doorOpenings(2_501, 700)) journal.append(e);
    await journal.flush();
    for (const e of doorOpenings(3_201, 10)) journal.append(e);
    await journal.flush();
    await reachedEnd;
    await store.close();
    expect(got.map((e) => e.seq)).toEqual(Array.from({ length: 2_211 }, (_, i) => 1_000 + i));
    expect(completed).toBe(true);
  });
});
