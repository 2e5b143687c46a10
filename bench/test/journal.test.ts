/** The journal bench commits through a real SQLite file and names its results as DESIGN §8 says. */
import { expect, it } from "vitest";
import { journalBench } from "../src/journal";
import { timing } from "../src/measure";

it("journal scenario reports the floor and committed events per second", async () => {
  timing.measureMs = 50;
  timing.warmupMs = 10;
  const results = await journalBench();
  expect(results.map((r) => r.name)).toEqual(["floor.sqlite_multirow_rows_per_s", "journal.events_per_s"]);
  for (const r of results) expect(r.value).toBeGreaterThan(0);
});
