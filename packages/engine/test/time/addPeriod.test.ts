import { describe, expect, it } from "vitest";
import { addPeriod, fromWallClock, wallClock } from "../../src/time";

const STOCKHOLM = "Europe/Stockholm";
const local = (year: number, month: number, day: number, hour = 10, minute = 0): number =>
  fromWallClock({ year, month, day, hour, minute, second: 0, millisecond: 0 }, STOCKHOLM);
const date = (at: number): string => {
  const w = wallClock(at, STOCKHOLM);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${String(w.minute).padStart(2, "0")}`;
};

describe("addPeriod", () => {
  it("clamps to the end of a shorter month, leap years included", () => {
    expect(date(addPeriod(local(2026, 1, 31), { unit: "months", amount: 1 }, STOCKHOLM))).toBe(
      "2026-2-28 10:00",
    );
    expect(date(addPeriod(local(2028, 1, 31), { unit: "months", amount: 1 }, STOCKHOLM))).toBe(
      "2028-2-29 10:00",
    );
    expect(date(addPeriod(local(2026, 3, 31), { unit: "months", amount: 1 }, STOCKHOLM))).toBe(
      "2026-4-30 10:00",
    );
    expect(date(addPeriod(local(2026, 12, 31), { unit: "months", amount: 2 }, STOCKHOLM))).toBe(
      "2027-2-28 10:00",
    );
    expect(date(addPeriod(local(2026, 3, 31), { unit: "months", amount: -1 }, STOCKHOLM))).toBe(
      "2026-2-28 10:00",
    );
    expect(date(addPeriod(local(2028, 2, 29), { unit: "years", amount: 1 }, STOCKHOLM))).toBe(
      "2029-2-28 10:00",
    );
    expect(date(addPeriod(local(2028, 2, 29), { unit: "years", amount: 4 }, STOCKHOLM))).toBe(
      "2032-2-29 10:00",
    );
  });

  it("keeps the local time across a DST change, so a day may last 23 hours", () => {
    const before = local(2026, 3, 28, 12);
    const after = addPeriod(before, { unit: "days", amount: 1 }, STOCKHOLM);
    expect(date(after)).toBe("2026-3-29 12:00");
    expect(after - before).toBe(23 * 3_600_000);
    // Winter to summer by months too: same 10:00 on the wall.
    expect(date(addPeriod(local(2026, 1, 15), { unit: "months", amount: 6 }, STOCKHOLM))).toBe(
      "2026-7-15 10:00",
    );
  });

  it("moves a target inside the spring-forward gap past it", () => {
    expect(date(addPeriod(local(2026, 3, 28, 2, 30), { unit: "days", amount: 1 }, STOCKHOLM))).toBe(
      "2026-3-29 3:30",
    );
  });
});
