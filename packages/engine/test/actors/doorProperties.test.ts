/** Property tests of the door actor over random input traces (fast-check through Effect). */
import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import type { InputState, ManualCommand } from "@portcullis/engine";
import { doorSite, type DoorSite } from "../support/doorSite";

type Step =
  | { readonly kind: "advance"; readonly ms: number }
  | { readonly kind: "grant"; readonly long: boolean; readonly exempt: boolean }
  | { readonly kind: "position"; readonly open: boolean }
  | { readonly kind: "rex" }
  | { readonly kind: "manual"; readonly command: ManualCommand }
  | { readonly kind: "doubleSwipe" }
  | { readonly kind: "monitor"; readonly state: InputState }
  | { readonly kind: "controller"; readonly online: boolean };

const ACCESS_MS = 7_000;
const LONG_ACCESS_MS = 20_000;

const advance = fc.integer({ min: 0, max: 25_000 }).map((ms): Step => ({ kind: "advance", ms }));
const grant = fc
  .record({ long: fc.boolean(), exempt: fc.boolean() })
  .map((g): Step => ({ kind: "grant", ...g }));
const position = fc.boolean().map((open): Step => ({ kind: "position", open }));
const rex = fc.constant<Step>({ kind: "rex" });
const manual = fc
  .constantFrom<ManualCommand>("reset", "grant", "unlock", "lock", "lockdown")
  .map((command): Step => ({ kind: "manual", command }));
const doubleSwipe = fc.constant<Step>({ kind: "doubleSwipe" });
const monitor = fc
  .constantFrom<InputState>("active", "inactive", "active", "inactive", "cut", "short")
  .map((state): Step => ({ kind: "monitor", state }));
const controller = fc.boolean().map((online): Step => ({ kind: "controller", online }));

/** Traces without anything that holds a door unlocked: only grants can unlock. */
const plainTrace = fc.array(fc.oneof(advance, advance, grant, position, position, rex), { maxLength: 60 });
/** Traces with every kind of input. */
const anyTrace = fc.array(fc.oneof(advance, advance, grant, position, position, rex, manual, doubleSwipe), {
  maxLength: 60,
});
/** Traces with faults of the door monitor and controllers going offline, weighted toward the cycle. */
const faultyTrace = fc.array(
  fc.oneof(
    { arbitrary: advance, weight: 4 },
    { arbitrary: grant, weight: 3 },
    { arbitrary: monitor, weight: 4 },
    position,
    rex,
    manual,
    doubleSwipe,
    controller,
  ),
  { minLength: 10, maxLength: 30 },
);
const door = fc.record({
  relock: fc.constantFrom("after-opening", "after-closing"),
  relockDelayMs: fc.integer({ min: 0, max: 3_000 }),
});

const start = (timing: { relock: string; relockDelayMs: number }) =>
  doorSite({
    timing: { accessTimeS: 7, longAccessTimeS: 20, ...timing },
    sides: { A: {}, B: { rex: { input: "in2", action: "none", activeWhen: "circuit-closed" } } },
  });

let ids = 0;
const apply = (s: DoorSite, step: Step): void => {
  const doorId = "d1";
  switch (step.kind) {
    case "advance":
      return s.advance(step.ms);
    case "grant":
      return s.grant({ grantId: `p${++ids}`, long: step.long, exempt: step.exempt });
    case "position":
      return s.push({ type: "door", doorId, open: step.open });
    case "rex":
      return s.push({ type: "rex", doorId, side: "B" });
    case "manual":
      s.site.manual(doorId, step.command, "prop");
      return;
    case "doubleSwipe":
      return s.push({ type: "doubleSwipe", doorId, cardholderId: "ch1" });
    case "monitor":
      return s.push({ type: "input", inputId: "c1:in1", state: step.state });
    case "controller":
      return s.push({ type: "controller", controllerId: "c1", online: step.online });
  }
};

interface Move {
  readonly at: number;
  readonly open: boolean;
}

/**
 * When a grant's unlock must have ended (DESIGN §4), from the position changes that came after it
 * (`moves`, in order) and whether the door was open when it was granted.
 */
const unlockEnd = (
  g: { at: number; ms: number; openAtGrant: boolean; moves: ReadonlyArray<Move> },
  relock: string,
  delay: number,
): number => {
  const openIndex = g.openAtGrant ? -1 : g.moves.findIndex((m) => m.open && m.at < g.at + g.ms);
  if (!g.openAtGrant && openIndex < 0) return g.at + g.ms;
  const opening = openIndex < 0 ? g.at : g.moves[openIndex]!.at;
  const after = g.moves.slice(openIndex + 1);
  const close = after.find((m) => !m.open)?.at ?? Infinity;
  if (relock === "after-opening") return Math.min(opening + delay, close);
  // After closing: a reopening within the relock delay keeps the door in the same passage.
  for (let i = 0; i < after.length; i++) {
    const m = after[i]!;
    if (m.open) continue;
    const reopen = after[i + 1];
    if (reopen === undefined || reopen.at >= m.at + delay) return m.at + delay;
  }
  return Infinity;
};

describe("door properties", () => {
  it("the lock is locked again when every grant's unlock has run out (no manual, schedule or override holds)", () => {
    fc.assert(
      fc.property(door, plainTrace, (timing, trace) => {
        const s = start(timing);
        const grants: Array<{ at: number; ms: number; openAtGrant: boolean; moves: Move[] }> = [];
        let open = false;
        for (const step of trace) {
          const now = s.clock.now();
          if (step.kind === "grant")
            grants.push({
              at: now,
              ms: step.long ? LONG_ACCESS_MS : ACCESS_MS,
              openAtGrant: open,
              moves: [],
            });
          if (step.kind === "position" && step.open !== open) {
            for (const g of grants) g.moves.push({ at: now, open: step.open });
            open = step.open;
          }
          apply(s, step);
          const t = s.clock.now();
          if (!s.locked()) {
            const justified = grants.some(
              (g) => g.at <= t && t < unlockEnd(g, timing.relock, timing.relockDelayMs),
            );
            expect(justified, `unlocked at ${t - s.t0} without a grant holding it`).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("in lockdown no lock opens except for a grant marked exempt", () => {
    fc.assert(
      fc.property(door, anyTrace, (timing, trace) => {
        const s = start(timing);
        let exemptSinceLockdown = false;
        for (const step of trace) {
          const inLockdown = s.site.door("d1")?.slot === "lockdown";
          // Lockdown on lockdown is a no-op (DESIGN §4): only entering lockdown cancels grants.
          if (step.kind === "manual" && step.command === "lockdown" && !inLockdown)
            exemptSinceLockdown = false;
          if (step.kind === "grant" && step.exempt && inLockdown) exemptSinceLockdown = true;
          apply(s, step);
          if (s.site.door("d1")?.slot === "lockdown" && !s.locked()) expect(exemptSinceLockdown).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("every DoorForcedOpen follows an opening while locked with no grant or REX", () => {
    fc.assert(
      fc.property(door, anyTrace, (timing, trace) => {
        const s = start(timing);
        let rexAt: number | undefined;
        for (const step of trace) {
          const before = s.events.length;
          const lockedBefore = s.locked();
          const t = s.clock.now();
          if (step.kind === "rex") rexAt = t;
          apply(s, step);
          const forced = s.events.slice(before).filter((e) => e.type === "DoorForcedOpen");
          if (step.kind !== "position") {
            expect(forced).toEqual([]);
            continue;
          }
          const rexWindowOpen = rexAt !== undefined && t < rexAt + ACCESS_MS;
          // A REX authorises one opening: any opening in its window uses it up.
          if (rexWindowOpen && s.typesSince(before).includes("DoorOpened")) rexAt = undefined;
          if (forced.length === 0) continue;
          expect(s.typesSince(before)[0]).toBe("DoorOpened");
          expect(lockedBefore).toBe(true);
          expect(rexWindowOpen).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("once every timer has run, the door is unlocked only while held or seen open on an after-closing relock", () => {
    fc.assert(
      fc.property(door, faultyTrace, (timing, trace) => {
        const s = doorSite({
          timing: { accessTimeS: 7, longAccessTimeS: 20, ...timing },
          doorMonitor: { input: "in1", openWhen: "circuit-open", supervision: { kind: "parallel-first" } },
          sides: {
            A: { rex: { input: "in3", action: "unlock", activeWhen: "circuit-closed" } },
            B: { rex: { input: "in2", action: "none", activeWhen: "circuit-closed" } },
          },
        });
        for (const step of trace) apply(s, step);
        s.push({ type: "controller", controllerId: "c1", online: true });
        s.advance(3_600_000);
        const d = s.site.door("d1")!;
        const held = d.slot === "unlock" || (d.slot === "none" && d.override);
        const waitsForClose = timing.relock === "after-closing" && d.position === "Open";
        if (held) expect(s.locked(), JSON.stringify(d)).toBe(false);
        else if (!waitsForClose) expect(s.locked(), JSON.stringify(d)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("the same trace always yields the same events", () => {
    fc.assert(
      fc.property(door, anyTrace, (timing, trace) => {
        const run = () => {
          ids = 0;
          const s = start(timing);
          for (const step of trace) apply(s, step);
          s.advance(120_000);
          return s.events.map(({ seq: _seq, ...e }) => ({ ...e, at: e.at - s.t0 }));
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 100 },
    );
  });
});
