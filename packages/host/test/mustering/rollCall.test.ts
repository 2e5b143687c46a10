/**
 * Roll call (seed "Create cardholder activity reports") over the real WebSocket and the CLI: who is
 * present in which zone now, at a past time rebuilt from the journal, and within chosen groups.
 */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "@portcullis/testkit";
import { portcullis } from "../cli/run";
import { MONDAY_10, startRecordsHarness } from "../reports/recordsHarness";
import { tempDir } from "../runtime/tempDir";

type Person = { cardholderId: string; name: string; since?: number };
type Zone = { zoneId: string; name: string; present: Person[]; notPresent: Person[] };
type Call = { at: number; complete: boolean; zones: Zone[] };

describe("report.rollCall and portcullis rollcall", () => {
  const dataDir = tempDir("roll-call");

  it("lists present and not present per zone, now or at a past time, by group", async () => {
    const h = await startRecordsHarness(dataDir, new VirtualClock(MONDAY_10));
    await h.pass("main-in", "main", 4); // 10:00:00 Dag Ek enters the building
    await h.pass("main-in", "main", 5); // 10:00:04 Ebba Ek enters the building
    await h.pass("lab-in", "lab", 4); // 10:00:08 Dag Ek goes on into the lab wing
    await h.pass("main-out", "main", 5); // 10:00:12 Ebba Ek leaves
    await h.commit();
    const viewer = await h.as("viewer");
    const rollCall = async (params: Record<string, unknown>): Promise<Call> => {
      const r = await viewer.command({ type: "report.rollCall", ...params });
      expect(r["ok"], JSON.stringify(r)).toBe(true);
      return r["value"] as Call;
    };
    const present = (call: Call) =>
      Object.fromEntries(call.zones.map((z) => [z.zoneId, z.present.map((p) => p.cardholderId)]));

    const now = await rollCall({});
    expect(present(now)).toEqual({ building: [], "lab-wing": ["ch04"] });
    const wing = now.zones.find((z) => z.zoneId === "lab-wing")!;
    expect(wing.present).toEqual([{ cardholderId: "ch04", name: "Dag Ek", since: MONDAY_10 + 8_000 }]);
    expect(wing.notPresent).toHaveLength(49);
    // Who is present only, as the console asks: the same present lists, no not-present lists.
    const presentOnly = await rollCall({ presentOnly: true });
    expect(present(presentOnly)).toEqual(present(now));
    expect(presentOnly.zones.every((z) => z.notPresent.length === 0)).toBe(true);

    const before = await rollCall({ at: MONDAY_10 + 5_000 });
    expect(before.complete).toBe(true);
    expect(present(before)).toEqual({ building: ["ch04", "ch05"], "lab-wing": [] });
    // The replayed journal and the live zones agree on now.
    expect(present(await rollCall({ at: MONDAY_10 + 60_000 }))).toEqual(present(now));

    const security = await rollCall({ zoneIds: ["building"], groupIds: ["security"], at: MONDAY_10 + 5_000 });
    expect(security.zones).toEqual([
      expect.objectContaining({ zoneId: "building", present: [], notPresent: expect.any(Array) }),
    ]);
    expect(security.zones[0]!.notPresent.map((p) => p.cardholderId)).toEqual(["ch01", "ch02", "ch03"]);

    expect(await viewer.command({ type: "report.rollCall", zoneIds: ["roof"] })).toMatchObject({
      ok: false,
      error: { code: "UnknownZone" },
    });
    await h.close();
  });

  it("portcullis rollcall rebuilds a past roll call from the stored journal", () => {
    const run = portcullis(
      "rollcall",
      "--data",
      dataDir,
      "--zone",
      "building",
      "--at",
      new Date(MONDAY_10 + 5_000).toISOString(),
    );
    expect(run.stderr).toBe("");
    expect(run.lines[0]).toBe("Zone ID,Zone,Status,Cardholder ID,Cardholder,Since");
    expect(run.lines.slice(1, 3)).toEqual([
      `building,Building,present,ch04,Dag Ek,${new Date(MONDAY_10).toISOString()}`,
      `building,Building,present,ch05,Ebba Ek,${new Date(MONDAY_10 + 4_000).toISOString()}`,
    ]);
    expect(run.lines.slice(3)).toHaveLength(48);
    expect(run.lines.slice(3).every((l) => l.startsWith("building,Building,not present,"))).toBe(true);
  }, 180_000);
});
