import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import { fromWallClock, wallClock, zoneRules } from "../../src/time";

const utc = (iso: string): number => Date.parse(iso);

describe("wallClock", () => {
  it("reads the local fields of an instant", () => {
    expect(wallClock(utc("2026-10-25T00:30:00.250Z"), "Europe/Stockholm")).toEqual({
      year: 2026,
      month: 10,
      day: 25,
      hour: 2,
      minute: 30,
      second: 0,
      millisecond: 250,
    });
    // Half an hour after the change the clock shows 02:30 again, in CET.
    expect(wallClock(utc("2026-10-25T01:30:00Z"), "Europe/Stockholm").hour).toBe(2);
  });

  it("finds the instant of local fields", () => {
    const w = { year: 2026, month: 3, day: 8, hour: 12, minute: 0, second: 0, millisecond: 0 };
    expect(fromWallClock(w, "America/New_York")).toBe(utc("2026-03-08T16:00:00Z"));
  });

  it("round-trips every instant except the second pass of a fall-back hour", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Europe/Stockholm", "America/New_York", "Australia/Lord_Howe"),
        fc.integer({ min: utc("2000-01-01T00:00:00Z"), max: utc("2040-01-01T00:00:00Z") }),
        (zone, at) => {
          const back = fromWallClock(wallClock(at, zone), zone);
          const rules = zoneRules(zone);
          if (back !== at) {
            // Only a repeated local time maps elsewhere: to its earlier pass, showing the same clock.
            expect(back).toBeLessThan(at);
            expect(rules.toLocal(back)).toBe(rules.toLocal(at));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
