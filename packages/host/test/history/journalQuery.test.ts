/**
 * The event history over the real WebSocket (`journal.query`, `journal.export`) and the CLI
 * (`portcullis events`) on a real data directory: filters by cardholder, door, zone, type and time,
 * keyset paging, and CSV with names beside the ids.
 */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "@portcullis/testkit";
import { events } from "../../src/cli/events";
import { portcullis } from "../cli/run";
import { runInProcess } from "../reports/cliInProcess";
import { MONDAY_10, startRecordsHarness } from "../reports/recordsHarness";
import { tempDir } from "../runtime/tempDir";

type Event = { seq: number; type: string; at: number; [k: string]: unknown };
type Page = { events: Event[]; next?: number };

describe("journal.query and journal.export", () => {
  const dataDir = tempDir("journal-query");

  it("filter, page and export the journal over the WebSocket", async () => {
    const h = await startRecordsHarness(dataDir, new VirtualClock(MONDAY_10));
    await h.pass("main-in", "main", 4); // Dag Ek enters the building at 10:00:00
    await h.swipe("lab-in", 50); // Jonas Strand is not in the lab team: denied at 10:00:04
    await h.pass("lab-in", "lab", 4); // Dag Ek enters the lab wing at 10:00:05
    await h.commit();
    const viewer = await h.as("viewer");
    const query = async (q: Record<string, unknown>): Promise<Page> => {
      const r = await viewer.command({ type: "journal.query", ...q });
      expect(r["ok"], JSON.stringify(r)).toBe(true);
      return r["value"] as Page;
    };

    const taken = await query({ cardholderId: "ch04", types: ["AccessTaken"], order: "asc" });
    expect(taken.events.map((e) => [e["doorId"], e["fromZone"], e["toZone"]])).toEqual([
      ["main", undefined, "building"],
      ["lab", "building", "lab-wing"],
    ]);
    expect(taken.next).toBeUndefined();

    const denied = await query({ types: ["AccessDenied"] });
    expect(denied.events).toEqual([
      expect.objectContaining({ readerId: "lab-in", cardholderId: "ch50", reason: "Unauthorized" }),
    ]);

    // The lab wing's events: those at its door and those naming it, newest first.
    const wing = await query({ zoneId: "lab-wing" });
    expect(wing.events.length).toBeGreaterThan(3);
    expect(wing.events.every((e) => e["doorId"] === "lab" || e["toZone"] === "lab-wing")).toBe(true);
    expect(wing.events.map((e) => e.seq)).toEqual([...wing.events.map((e) => e.seq)].sort((a, b) => b - a));

    // Keyset paging: pages of two, newest first, add up to the whole.
    const all = await query({ doorIds: ["main"], from: MONDAY_10, to: MONDAY_10 + 4_000 });
    expect(all.events.length).toBeGreaterThan(4);
    expect(all.events.every((e) => e["doorId"] === "main" && e.at < MONDAY_10 + 4_000)).toBe(true);
    const paged: Event[] = [];
    let page = await query({ doorIds: ["main"], from: MONDAY_10, to: MONDAY_10 + 4_000, limit: 2 });
    for (;;) {
      paged.push(...page.events);
      if (page.next === undefined) break;
      page = await query({
        doorIds: ["main"],
        from: MONDAY_10,
        to: MONDAY_10 + 4_000,
        limit: 2,
        after: page.next,
      });
    }
    expect(paged).toEqual(all.events);

    expect(await viewer.command({ type: "journal.query", limit: 5_000 })).toMatchObject({
      ok: false,
      error: { code: "BadCommand" },
    });
    expect(await viewer.command({ type: "journal.export" })).toMatchObject({
      ok: false,
      error: { code: "Forbidden" },
    });

    const operator = await h.as("operator");
    const exported = await operator.command({
      type: "journal.export",
      cardholderId: "ch04",
      types: ["AccessTaken"],
      order: "asc",
    });
    const { csv, count, truncated } = exported["value"] as { csv: string; count: number; truncated: boolean };
    expect([count, truncated]).toEqual([2, false]);
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Seq,Time,Event,Door ID,Door,Side,Reader,Cardholder ID,Cardholder,Zone,From zone,To zone,Reason,By,Details",
    );
    expect(lines[1]).toContain(
      `,${new Date(MONDAY_10).toISOString()},AccessTaken,main,Main entrance,A,,ch04,Dag Ek,,,Building,`,
    );
    expect(lines[2]).toContain(",AccessTaken,lab,Lab,A,,ch04,Dag Ek,,Building,Lab wing,");
    await h.close();
  });

  it("portcullis events exports the stored journal as CSV with names, or as JSON lines", async () => {
    const csv = portcullis("events", "--data", dataDir, "--cardholder", "ch50", "--type", "AccessDenied");
    expect(csv.stderr).toBe("");
    expect(csv.lines).toHaveLength(2);
    expect(csv.lines[1]).toContain(",AccessDenied,lab,Lab,A,lab-in,ch50,Jonas Strand,,,,Unauthorized,");
    const json = await runInProcess(
      events,
      "--data",
      dataDir,
      "--door",
      "lab",
      "--type",
      "AccessTaken",
      "--json",
    );
    expect(json.lines.map((l) => JSON.parse(l) as Event).map((e) => [e.type, e["toZone"]])).toEqual([
      ["AccessTaken", "lab-wing"],
    ]);
    expect((await runInProcess(events, "--data", dataDir, "--from", "yesterday")).code).toBe(2);
  }, 180_000);
});
