import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import { isTimeZone, zoneRules } from "../../src/time";

const utc = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An oracle independent of the cache: the offset Intl prints as "GMT+05:30". */
const intlOffset = (at: number, timeZone: string): number => {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(at))
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name ?? "");
  if (m === null || m[1] === undefined) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * HOUR + Number(m[3]) * 60_000);
};

describe("ZoneRules", () => {
  it("knows IANA zones and refuses others", () => {
    expect(isTimeZone("Europe/Stockholm")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });

  it("gives Stockholm's winter and summer offsets", () => {
    const rules = zoneRules("Europe/Stockholm");
    expect(rules.offsetAt(utc("2026-01-15T12:00:00Z"))).toBe(HOUR);
    expect(rules.offsetAt(utc("2026-07-01T12:00:00Z"))).toBe(2 * HOUR);
  });

  it("finds the exact DST changes of 2026", () => {
    const stockholm = zoneRules("Europe/Stockholm");
    const start = utc("2026-01-01T00:00:00Z");
    const spring = stockholm.nextOffsetChange(start, start + 400 * DAY);
    expect(spring).toBe(utc("2026-03-29T01:00:00Z"));
    expect(stockholm.offsetAt(utc("2026-03-29T01:00:00Z") - 1)).toBe(HOUR);
    expect(stockholm.offsetAt(utc("2026-03-29T01:00:00Z"))).toBe(2 * HOUR);
    expect(stockholm.nextOffsetChange(spring ?? 0, start + 400 * DAY)).toBe(utc("2026-10-25T01:00:00Z"));

    const newYork = zoneRules("America/New_York");
    expect(newYork.nextOffsetChange(start, start + 400 * DAY)).toBe(utc("2026-03-08T07:00:00Z"));
    expect(newYork.nextOffsetChange(utc("2026-03-08T07:00:00Z"), start + 400 * DAY)).toBe(
      utc("2026-11-01T06:00:00Z"),
    );
  });

  it("answers undefined when no change happens up to the limit", () => {
    const rules = zoneRules("Europe/Stockholm");
    expect(rules.nextOffsetChange(utc("2026-04-01T00:00:00Z"), utc("2026-10-25T00:59:59Z"))).toBeUndefined();
    expect(rules.nextOffsetChange(utc("2026-04-01T00:00:00Z"), utc("2026-10-25T01:00:00Z"))).toBe(
      utc("2026-10-25T01:00:00Z"),
    );
    expect(zoneRules("UTC").nextOffsetChange(0, 400 * DAY)).toBeUndefined();
  });

  it("resolves a local time in the spring-forward gap forward, and in the fall-back hour to its first pass", () => {
    // 02:30 does not exist in Stockholm on 2026-03-29: the offset from before the gap gives 03:30 CEST.
    expect(zoneRules("Europe/Stockholm").fromLocal(utc("2026-03-29T02:30:00Z"))).toBe(
      utc("2026-03-29T01:30:00Z"),
    );
    // 01:30 happens twice in New York on 2026-11-01: first in EDT (-4).
    expect(zoneRules("America/New_York").fromLocal(utc("2026-11-01T01:30:00Z"))).toBe(
      utc("2026-11-01T05:30:00Z"),
    );
  });

  it("agrees with Intl at random instants, and its changes are real changes", () => {
    const zones = [
      "Europe/Stockholm",
      "America/New_York",
      "Australia/Lord_Howe",
      "Asia/Kolkata",
      "America/Santiago",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: utc("1995-01-01T00:00:00Z"), max: utc("2040-01-01T00:00:00Z") }),
        (zone, at) => {
          const rules = zoneRules(zone);
          expect(rules.offsetAt(at)).toBe(intlOffset(at, zone));
          const change = rules.nextOffsetChange(at, at + 400 * DAY);
          if (change !== undefined) {
            expect(change).toBeGreaterThan(at);
            expect(intlOffset(change - 1, zone)).toBe(intlOffset(at, zone));
            expect(intlOffset(change, zone)).not.toBe(intlOffset(at, zone));
            expect(intlOffset(Math.floor((at + change) / 2), zone)).toBe(intlOffset(at, zone));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
