/**
 * Mustering (seed "Create cardholder activity reports") over the real WebSocket and the CLI: the
 * people in the zones are missing until they swipe at the muster point or are marked safe by hand;
 * the muster survives a restart, catching up on swipes journalled while nobody recorded them.
 */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "@portcullis/testkit";
import { portcullis } from "../cli/run";
import { MONDAY_10, type RecordsHarness, startRecordsHarness } from "../reports/recordsHarness";
import { tempDir } from "../runtime/tempDir";

type Listed = { cardholderId: string; name: string; zoneId: string; safeAt?: number; by?: string };
type Status = { id: string; startedBy: string; safe: Listed[]; missing: Listed[] };

const status = async (h: RecordsHarness, musterId = "fire"): Promise<Status> => {
  const viewer = await h.as("viewer");
  const r = await viewer.command({ type: "muster.status", musterId });
  expect(r["ok"], JSON.stringify(r)).toBe(true);
  return r["value"] as Status;
};
const ids = (people: Listed[]) => people.map((p) => p.cardholderId);

describe("muster.* and portcullis muster", () => {
  const dataDir = tempDir("muster");
  const clock = new VirtualClock(MONDAY_10);

  it("marks people safe at the muster point or by hand, and keeps the muster over a restart", async () => {
    const first = await startRecordsHarness(dataDir, clock);
    for (const i of [4, 5, 6]) await first.pass("main-in", "main", i);
    await first.commit();
    const operator = await first.as("operator");
    const started = await operator.command({
      type: "muster.start",
      musterId: "fire",
      zoneIds: ["building"],
      readerIds: ["garage-in"],
    });
    expect(started).toMatchObject({ ok: true, value: { id: "fire", startedBy: "olga", safe: [] } });
    expect(ids((started["value"] as Status).missing)).toEqual(["ch04", "ch05", "ch06"]);

    // Dag Ek swipes at the muster point; Ebba Ek is marked safe by hand.
    const swipedAt = clock.now();
    await first.swipe("garage-in", 4);
    await first.commit();
    const marked = await operator.command({
      type: "muster.markSafe",
      musterId: "fire",
      cardholderId: "ch05",
    });
    expect(marked["ok"]).toBe(true);
    expect(await status(first)).toMatchObject({
      safe: [
        {
          cardholderId: "ch04",
          name: "Dag Ek",
          zoneId: "building",
          safeAt: swipedAt,
          by: "reader garage-in",
        },
        { cardholderId: "ch05", by: "olga" },
      ],
      missing: [{ cardholderId: "ch06" }],
    });

    for (const [command, code] of [
      [{ type: "muster.markSafe", musterId: "fire", cardholderId: "ch49" }, "UnknownCardholder"],
      [
        { type: "muster.start", musterId: "fire", zoneIds: ["building"], readerIds: ["garage-in"] },
        "MusterRunning",
      ],
      [
        { type: "muster.start", musterId: "drill", zoneIds: ["building"], readerIds: ["nowhere"] },
        "UnknownReader",
      ],
      [{ type: "muster.reset", musterId: "drill" }, "UnknownMuster"],
    ] as const)
      expect(await operator.command(command)).toMatchObject({ ok: false, error: { code } });
    const viewer = await first.as("viewer");
    expect(await viewer.command({ type: "muster.reset", musterId: "fire" })).toMatchObject({
      ok: false,
      error: { code: "Forbidden" },
    });

    // Filip Ek's swipe is journalled while nothing records it, as in a crash between the two writes.
    await first.records.musters.close();
    await first.swipe("garage-in", 6);
    await first.commit();
    await first.close();

    const second = await startRecordsHarness(dataDir, clock);
    const after = await status(second);
    expect(after.missing).toEqual([]);
    expect(after.safe.map((p) => [p.cardholderId, p.by])).toEqual([
      ["ch04", "reader garage-in"],
      ["ch05", "olga"],
      ["ch06", "reader garage-in"],
    ]);
    await second.close();
  });

  it("portcullis muster prints the safe and missing lists; muster.reset ends the muster", async () => {
    const run = portcullis("muster", "--data", dataDir, "--id", "fire");
    expect(run.stderr).toBe("");
    expect(run.lines).toEqual([
      "Muster,Zone ID,Status,Cardholder ID,Cardholder,Safe at,Marked by",
      expect.stringMatching(/^fire,building,safe,ch04,Dag Ek,2026-11-23T09:00:\d\d\.000Z,reader garage-in$/),
      expect.stringMatching(/^fire,building,safe,ch05,Ebba Ek,.*,olga$/),
      expect.stringMatching(/^fire,building,safe,ch06,Filip Ek,.*,reader garage-in$/),
    ]);

    const third = await startRecordsHarness(dataDir, clock);
    const operator = await third.as("operator");
    expect(await operator.command({ type: "muster.reset", musterId: "fire" })).toMatchObject({ ok: true });
    const viewer = await third.as("viewer");
    expect(await viewer.command({ type: "muster.status", musterId: "fire" })).toMatchObject({
      ok: false,
      error: { code: "UnknownMuster" },
    });
    expect(await viewer.command({ type: "muster.status" })).toMatchObject({ ok: true, value: [] });
    await third.close();
  }, 180_000);
});
