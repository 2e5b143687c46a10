/** `portcullis replay`: the engine over a trace in virtual time, deterministic, with line-numbered errors. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { portcullis } from "../cli/run";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe("portcullis replay", () => {
  it("prints the events of the trace, one JSON object per line, identically on every run", () => {
    const run = portcullis("replay", "--site", fixture("site.json"), "--trace", fixture("trace.jsonl"));
    expect(run.code).toBe(0);
    const events = run.lines.map((l) => JSON.parse(l) as { type: string; at: string; [k: string]: unknown });
    const types = events.map((e) => e.type);
    expect(types.slice(0, 5)).toEqual([
      "AccessGranted",
      "LockChanged",
      "DoorModeChanged",
      "DoorOpened",
      "AccessTaken",
    ]);
    expect(events[0]).toMatchObject({
      at: "2026-11-23T07:30:00.000Z",
      doorId: "lobby",
      cardholderIds: ["alice"],
    });
    expect(events.find((e) => e.type === "AccessTaken")).toMatchObject({ toZone: "office" });
    // The second swipe inside the zone: hard anti-passback.
    expect(events.filter((e) => e.type === "AccessDenied").map((e) => e.reason)).toEqual([
      "AntiPassbackViolation",
      "CredentialNotEnabled",
      "NotPermittedAtThisTime",
    ]);
    expect(types).toContain("ConfigChanged");
    expect(events.filter((e) => e.type === "ManualAction").map((e) => e.action)).toEqual([
      "lockdown",
      "reset",
    ]);
    const again = portcullis("replay", "--site", fixture("site.json"), "--trace", fixture("trace.jsonl"));
    expect(again.lines).toEqual(run.lines);
  });

  it("fails on an invalid trace line, naming the line and the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-"));
    const trace = join(dir, "trace.jsonl");
    writeFileSync(
      trace,
      [
        '{"at":"2026-11-23T08:00:00Z","type":"door","doorId":"lobby","open":false}',
        '{"at":"2026-11-23T08:01:00Z","type":"card","readerId":"lobby-in","number":"12ab"}',
      ].join("\n"),
    );
    const run = portcullis("replay", "--site", fixture("site.json"), "--trace", trace);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 2: number/);
  });

  it("fails on an invalid site file, naming the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-"));
    const site = join(dir, "site.json");
    writeFileSync(
      site,
      JSON.stringify({
        name: "x",
        controllers: [],
        doors: [{ id: "d", name: "d", controllerId: "nope", primaryLock: "r" }],
      }),
    );
    const run = portcullis("replay", "--site", site, "--trace", fixture("trace.jsonl"));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/doors\[0\]\.controllerId/);
  });

  it("fails on a line naming a reader that does not exist", () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-"));
    const trace = join(dir, "trace.jsonl");
    writeFileSync(trace, '{"at":"2026-11-23T08:00:00Z","type":"card","readerId":"nowhere","number":"1"}\n');
    const run = portcullis("replay", "--site", fixture("site.json"), "--trace", trace);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 1: readerId/);
  });
});
