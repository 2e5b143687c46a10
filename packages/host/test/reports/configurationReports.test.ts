/**
 * The six configuration reports (seed "Export system configuration reports") over the real
 * WebSocket and the CLI, on a real data directory: joined through groups, rules and zones, following
 * configuration changes, and the same CSV from the CLI as from the host.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "@portcullis/testkit";
import { report } from "../../src/cli/report";
import { portcullis } from "../cli/run";
import { tempDir } from "../runtime/tempDir";
import { runInProcess } from "./cliInProcess";
import { MONDAY_10, startRecordsHarness } from "./recordsHarness";

type Table = { header: string[]; rows: string[][] };

/** The rows of a report whose column `column` is `value`, as objects by header. */
const where = (t: Table, column: string, value: string) =>
  t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]]))).filter((r) => r[column] === value);

describe("configuration reports", () => {
  const dataDir = tempDir("config-reports");
  const csvs = new Map<string, string>();

  it("join cardholders, groups, rules, doors and zones over the WebSocket", async () => {
    const h = await startRecordsHarness(dataDir, new VirtualClock(MONDAY_10));
    const operator = await h.as("operator");
    const admin = await h.as("admin");
    const report = async (name: string): Promise<Table> => {
      const r = await operator.command({ type: "report.configuration", report: name, format: "rows" });
      expect(r["ok"], JSON.stringify(r)).toBe(true);
      return r["value"] as Table;
    };

    const zones = await report("zone-access");
    expect(zones.header).toEqual([
      "Zone",
      "Door",
      "Access rule",
      "Rule status",
      "Schedules",
      "Cardholder group",
      "Cardholder ID",
      "First name",
      "Last name",
    ]);
    // The lab wing reaches the lab team (ten people) through "Lab team, always" at the lab door.
    const labWing = where(zones, "Zone", "Lab wing");
    expect(labWing).toHaveLength(10);
    expect(
      new Set(
        labWing.map((r) => `${r["Door"]}|${r["Access rule"]}|${r["Cardholder group"]}|${r["Schedules"]}`),
      ),
    ).toEqual(new Set(["Lab|Lab team, always|Lab team|Always"]));
    // No rule names the building: it is listed, alone.
    expect(where(zones, "Zone", "Building")).toEqual([
      expect.objectContaining({ Zone: "Building", "Access rule": "" }),
    ]);

    const doors = await report("door-access");
    expect(where(doors, "Door", "Server room")).toHaveLength(3);
    const lab = where(doors, "Door", "Lab");
    expect(lab.filter((r) => r["Zone"] === "Lab wing")).toHaveLength(10);
    expect(lab.filter((r) => r["Zone"] === "" && r["Cardholder group"] === "Security")).toHaveLength(3);
    expect(where(doors, "Door", "Fire exit")).toEqual([]);

    const people = await report("cardholders-access");
    // ch01 is staff (5 doors), lab team (main, and the lab through the lab wing) and security (7 doors).
    expect(where(people, "Cardholder ID", "ch01")).toHaveLength(14);
    expect(where(people, "Cardholder ID", "ch50").map((r) => r["Access rule"])).toEqual(
      new Array(5).fill("Staff, office hours"),
    );

    const groups = await report("cardholder-group-access");
    expect(where(groups, "Cardholder group", "Security")).toHaveLength(21);

    // An incomplete rule (no schedule) is reported as such: it grants nothing.
    const put = await admin.command({
      type: "config.put",
      entity: "rule",
      value: { id: "night", name: "Night shift", groups: ["security"], doors: ["dock"] },
    });
    expect(put["ok"], JSON.stringify(put)).toBe(true);
    const rules = await report("access-rule");
    expect(where(rules, "Access rule", "Security, everywhere, always")).toHaveLength(21);
    expect(new Set(where(rules, "Access rule", "Night shift").map((r) => r["Rule status"]))).toEqual(
      new Set(["incomplete (no when)"]),
    );

    // Details: credentials, validity and use — ch04's badge was used once, at 10:00:00.
    await h.pass("main-in", "main", 4);
    await h.commit();
    const details = await report("cardholders-details");
    const ch04 = where(details, "Cardholder ID", "ch04");
    expect(ch04).toEqual([
      expect.objectContaining({
        Credential: "Badge",
        "Credential type": "card",
        "Card number": "10004",
        Uses: "1",
        "Last use": new Date(MONDAY_10).toISOString(),
      }),
      expect.objectContaining({
        Credential: "PIN",
        "Credential type": "pin",
        "Card number": "",
        Uses: "0",
        "Last use": "",
      }),
    ]);

    for (const name of ["door-access", "cardholders-details"]) {
      const r = await operator.command({ type: "report.configuration", report: name });
      csvs.set(name, (r["value"] as { csv: string }).csv);
    }
    expect(csvs.get("door-access")).toContain('"Security, everywhere, always"');
    const viewer = await h.as("viewer");
    expect(await viewer.command({ type: "report.configuration", report: "door-access" })).toMatchObject({
      ok: false,
      error: { code: "Forbidden" },
    });
    await h.close();
  });

  it("the CLI writes the same CSV from the stored site, to stdout or a file", async () => {
    const stdout = portcullis("report", "door-access", "--data", dataDir);
    expect(stdout.stderr).toBe("");
    expect(stdout.code).toBe(0);
    expect(stdout.lines.join("\n") + "\n").toBe(csvs.get("door-access"));
    // The other cases run the same command in this process: one spawned CLI per test is enough.
    const out = join(dataDir, "details.csv");
    expect((await runInProcess(report, "cardholders-details", "--data", dataDir, "--out", out)).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(csvs.get("cardholders-details"));
    expect((await runInProcess(report, "everything", "--data", dataDir)).code).toBe(2);
    const empty = await runInProcess(report, "door-access", "--data", join(dataDir, "nowhere"));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no Portcullis data/);
  }, 180_000);
});
