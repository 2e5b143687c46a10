import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import { LineScheduler, type SlotCandidate } from "../../../src";

const poll = (dueAt = 0): SlotCandidate => ({ kind: "poll", dueAt });
const urgent: SlotCandidate = { kind: "urgent", dueAt: 0 };
const output: SlotCandidate = { kind: "output", dueAt: 0 };
const probe: SlotCandidate = { kind: "probe", dueAt: -Infinity };

describe("LineScheduler", () => {
  it("serves due polls round-robin", () => {
    const s = new LineScheduler();
    const picks = Array.from({ length: 6 }, () => s.pick([poll(), poll(), poll()], 10));
    expect(picks.map((p) => (p.kind === "send" ? p.index : -1))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it("puts queued commands ahead of polls", () => {
    const s = new LineScheduler();
    expect(s.pick([poll(), poll(), urgent], 10)).toEqual({ kind: "send", index: 2 });
  });

  it("puts an output ahead of other queued commands and of a due probe, which takes the next slot", () => {
    const s = new LineScheduler();
    expect(s.pick([urgent, output, poll()], 10)).toEqual({ kind: "send", index: 1 });
    const t = new LineScheduler();
    expect(t.pick([output, probe], 10)).toEqual({ kind: "send", index: 0 });
    expect(t.pick([poll(), probe], 10)).toEqual({ kind: "send", index: 1 });
  });

  it("keeps the poll rotation going between queued commands: each command does not restart it", () => {
    const s = new LineScheduler();
    // PD 0 has a command queued before every other slot (a busy I/O module); every PD is due a poll. Restarting
    // the rotation after PD 0 at each command would poll PD 1 every time and never PDs 2 and 3.
    const picks = Array.from({ length: 6 }, (_, n) =>
      s.pick(n % 2 === 0 ? [urgent, poll(), poll(), poll()] : [poll(), poll(), poll(), poll()], 10),
    );
    const polled = picks.filter((_, n) => n % 2 === 1).map((p) => (p.kind === "send" ? p.index : -1));
    expect(polled).toEqual([0, 1, 2]);
  });

  it("waits for the next due poll, and sleeps when nothing will be due", () => {
    const s = new LineScheduler();
    expect(s.pick([poll(40), undefined], 10)).toEqual({ kind: "wait", ms: 30 });
    expect(s.pick([undefined, undefined], 10)).toEqual({ kind: "sleep" });
  });

  it("a due probe never waits more than one round of the rotation, even on a saturated line", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(poll(), urgent), { minLength: 1, maxLength: 8 }), (rotation) => {
        const s = new LineScheduler();
        const candidates = [...rotation, probe];
        const picks = Array.from({ length: rotation.length + 1 }, () => s.pick(candidates, 0));
        expect(picks).toContainEqual({ kind: "send", index: rotation.length });
      }),
    );
  });
});
