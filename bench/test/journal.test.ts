/** The journal bench commits through a real SQLite file and names its results as DESIGN §8 says. */
import { expect, it } from "vitest";
import { journalBench } from "../src/journal";
import { journalQueryBench } from "../src/journalQuery";
import { timing } from "../src/measure";

it("journal scenario reports the floor and committed events per second", async () => {
  timing.measureMs = 50;
  timing.warmupMs = 10;
  const results = await journalBench();
  expect(results.map((r) => r.name)).toEqual(["floor.sqlite_multirow_rows_per_s", "journal.events_per_s"]);
  for (const r of results) expect(r.value).toBeGreaterThan(0);
});

it("journal query scenario reports warm and cold filtered queries, which find events", async () => {
  const results = await journalQueryBench(20_000);
  expect(results.map((r) => r.name)).toEqual([
    "journal.query_ms@20000events",
    "journal.query_cold_ms@20000events",
  ]);
  for (const r of results) expect(r.value).toBeGreaterThan(0);
}, 60_000);
