/** `portcullis replay`: a command or input the site refuses prints `Refused{line, code}` and the replay goes on. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { portcullis } from "../cli/run";
import { replayFixture, type PrintedEvent } from "./replaySite";

/**
 * Beside the lobby: a monitoring door `fire` on an I/O module (supervised sensor) and a door `shed`
 * without a door monitor. The lobby's monitor is supervised when `supervisedLobby` says so.
 */
const withDoors =
  (supervisedLobby = false) =>
  (site: Record<string, unknown>) => {
    const controllers = site["controllers"] as Array<Record<string, unknown>>;
    controllers.push(
      { id: "io", name: "I/O", kind: "io-module", inputs: ["i1"] },
      { id: "c2", name: "Shed controller", relays: ["r1"] },
    );
    const doors = site["doors"] as Array<Record<string, unknown>>;
    if (supervisedLobby) {
      const lobby = doors[0]!;
      lobby["doorMonitor"] = {
        ...(lobby["doorMonitor"] as Record<string, unknown>),
        supervision: { kind: "parallel-first" },
      };
    }
    doors.push(
      {
        id: "fire",
        name: "Fire exit",
        controllerId: "io",
        type: "monitoring",
        sensor: { input: "i1", openWhen: "circuit-open", supervision: { kind: "parallel-first" } },
      },
      { id: "shed", name: "Shed", controllerId: "c2", primaryLock: "r1" },
    );
  };

const at = (s: number) => `2026-11-23T08:00:${String(s).padStart(2, "0")}+01:00`;
const refused = (events: ReadonlyArray<PrintedEvent>) => events.filter((e) => e.type === "Refused");

describe("replay refusals", () => {
  it("prints Refused{line, code} for each refused command or input and goes on", () => {
    const { events, lines, error } = replayFixture(
      [
        { at: at(0), type: "door", doorId: "lobby", open: false },
        { at: at(1), type: "manual", target: "fire", action: "unlock", by: "guard" },
        { at: at(2), type: "rex", doorId: "fire", side: "A" },
        { at: at(3), type: "door", doorId: "shed", open: true },
        { at: at(4), type: "rex", doorId: "lobby", side: "A" },
        { at: at(5), type: "input", inputId: "c1:in1", state: "cut" },
        { at: at(6), type: "card", readerId: "lobby-in", number: "1001" },
        { at: at(20), type: "manual", target: "lobby", action: "lockdown", by: "guard" },
        { at: at(21), type: "manual", target: "lobby", action: "lock", by: "guard" },
        { at: at(22), type: "manual", target: "lobby", action: "reset", by: "guard" },
      ],
      withDoors(),
    );
    expect(error).toBeUndefined();
    expect(refused(events)).toEqual([
      { type: "Refused", at: "2026-11-23T07:00:01.000Z", line: 2, code: "NoLock" },
      { type: "Refused", at: "2026-11-23T07:00:02.000Z", line: 3, code: "NoLock" },
      { type: "Refused", at: "2026-11-23T07:00:03.000Z", line: 4, code: "NoDoorMonitor" },
      { type: "Refused", at: "2026-11-23T07:00:04.000Z", line: 5, code: "NoRex" },
      { type: "Refused", at: "2026-11-23T07:00:05.000Z", line: 6, code: "NotSupervised" },
      { type: "Refused", at: "2026-11-23T07:00:21.000Z", line: 9, code: "DoorInLockdown" },
    ]);
    // In order with the events, and the lines after a refusal still run.
    const types = events.map((e) => e.type);
    expect(types.indexOf("AccessGranted")).toBeGreaterThan(types.lastIndexOf("Refused", 5));
    expect(events.filter((e) => e.type === "ManualAction").map((e) => e["action"])).toEqual([
      "lockdown",
      "reset",
    ]);
    expect(lines.find((l) => l.includes('"Refused"'))).toBe(
      '{"type":"Refused","at":"2026-11-23T07:00:01.000Z","line":2,"code":"NoLock"}',
    );
  });

  it("still fails on a line that names nothing, with its line number and field", () => {
    const { error } = replayFixture(
      [
        { at: at(0), type: "door", doorId: "lobby", open: false },
        { at: at(1), type: "rex", doorId: "nowhere", side: "A" },
      ],
      withDoors(),
    );
    expect(error).toBe('line 2: doorId: unknown door "nowhere"');
  });

  it("ignores a door position while the door's monitor is faulted: the position stays Unknown", () => {
    const { events, error } = replayFixture(
      [
        { at: at(0), type: "door", doorId: "lobby", open: false },
        { at: at(1), type: "input", inputId: "c1:in1", state: "cut" },
        { at: at(2), type: "door", doorId: "lobby", open: true },
        { at: at(3), type: "input", inputId: "io:i1", state: "short" },
        { at: at(4), type: "door", doorId: "fire", open: true },
        { at: at(30), type: "advance" },
      ],
      withDoors(true),
    );
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(["InputFault", "InputFault"]);
    expect(refused(events)).toEqual([]);
  });

  it("from the command line: exit 0 with the Refused line among the events", () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-refused-"));
    const trace = join(dir, "trace.jsonl");
    writeFileSync(
      trace,
      [
        '{"at":"2026-11-23T08:00:00+01:00","type":"rex","doorId":"lobby","side":"A"}',
        '{"at":"2026-11-23T08:30:00+01:00","type":"card","readerId":"lobby-in","number":"1001"}',
      ].join("\n"),
    );
    const site = new URL("./fixtures/site.json", import.meta.url).pathname;
    const run = portcullis("replay", "--site", site, "--trace", trace);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe('{"type":"Refused","at":"2026-11-23T07:00:00.000Z","line":1,"code":"NoRex"}');
    expect(JSON.parse(run.lines[1]!)).toMatchObject({ type: "AccessGranted", doorId: "lobby" });
  });
});
