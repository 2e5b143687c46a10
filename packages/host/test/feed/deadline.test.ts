/** `runAt`: a moment weeks away is reached through timers Node can hold (at most 2^31 - 1 ms each). */
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { runAt } from "../../src/feed";

describe("runAt", () => {
  it("fires at the moment, arming no timer longer than Node's longest", () => {
    const clock = new VirtualClock(0);
    const delays: number[] = [];
    const setTimeout = clock.setTimeout.bind(clock);
    clock.setTimeout = (fn, ms) => (delays.push(ms), setTimeout(fn, ms));
    const fired: number[] = [];
    runAt(clock, 60 * 86_400_000, () => fired.push(clock.now()));
    clock.advance(60 * 86_400_000 - 1);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([60 * 86_400_000]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it("fires at once for a moment passed, and not at all once cancelled", () => {
    const clock = new VirtualClock(1_000);
    let fired = 0;
    runAt(clock, 500, () => fired++);
    expect(fired).toBe(1);
    const cancel = runAt(clock, 2_000, () => fired++);
    cancel();
    clock.advance(5_000);
    expect(fired).toBe(1);
  });
});
