/** The production clock's own order of timers: what `runDue` fires, and in which order (DESIGN §2). */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SystemClock } from "@portcullis/engine";

const T0 = Date.UTC(2026, 0, 5, 8);
const DAY = 86_400_000;

// Host timers are vitest's fakes: wall time moves with `setSystemTime` while no host timer runs, as
// on a busy event loop.
beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("SystemClock", () => {
  it("runDue fires every timer due by then that the host has not run, by deadline, ties in arming order", () => {
    const clock = new SystemClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("b@20"), 20);
    clock.setTimeout(() => fired.push("a@10"), 10);
    const cancelled = clock.setTimeout(() => fired.push("x@15"), 15);
    clock.setTimeout(() => fired.push("c@20"), 20);
    clock.setTimeout(() => fired.push("d@30"), 30);
    clock.clearTimeout(cancelled);
    vi.setSystemTime(T0 + 25);
    clock.runDue(T0 + 20);
    expect(fired).toEqual(["a@10", "b@20", "c@20"]);
    // Their host timers are gone: only the one not yet due is left to run.
    vi.runAllTimers();
    expect(fired).toEqual(["a@10", "b@20", "c@20", "d@30"]);
  });

  it("a timer armed by a late timer counts from that timer's deadline, so it can be due too", () => {
    const clock = new SystemClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(10);
      clock.setTimeout(() => fired.push(15), 5);
      clock.setTimeout(() => fired.push(40), 30);
    }, 10);
    vi.setSystemTime(T0 + 1_000);
    clock.runDue(T0 + 20);
    expect(fired).toEqual([10, 15]);
    clock.runDue(T0 + 40);
    expect(fired).toEqual([10, 15, 40]);
  });

  it("waits out a delay longer than the host's timers allow instead of firing at once", () => {
    const clock = new SystemClock();
    let fired = 0;
    clock.setTimeout(() => fired++, 30 * DAY);
    vi.advanceTimersByTime(29 * DAY);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(DAY);
    expect(fired).toBe(1);
  });
});
