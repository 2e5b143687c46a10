import { describe, expect, it } from "vitest";
import { Effect } from "effect";
import { effectClock } from "@portcullis/engine";
import { VirtualClock } from "../src";

describe("VirtualClock", () => {
  it("fires timers in deadline order, ties in scheduling order", () => {
    const clock = new VirtualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("b@20"), 20);
    clock.setTimeout(() => fired.push("a@10"), 10);
    clock.setTimeout(() => fired.push("c@20"), 20);
    clock.advance(19);
    expect(fired).toEqual(["a@10"]);
    clock.advance(1);
    expect(fired).toEqual(["a@10", "b@20", "c@20"]);
    expect(clock.now()).toBe(1020);
  });

  it("fires timers armed during an advance in the same advance when due", () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
      clock.setTimeout(() => fired.push(clock.now()), 0);
    }, 10);
    clock.advance(100);
    expect(fired).toEqual([10, 10, 15]);
    expect(clock.now()).toBe(100);
  });

  it("never fires a cleared timer and counts only live ones", () => {
    const clock = new VirtualClock();
    let fired = 0;
    const id = clock.setTimeout(() => fired++, 10);
    const other = clock.setTimeout(() => fired++, 20);
    clock.clearTimeout(id);
    expect(clock.pending).toBe(1);
    clock.advance(30);
    clock.clearTimeout(other);
    expect(fired).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it("runDue fires what is due by an input's stamp, each at its deadline, and brings the time there", () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
    }, 10);
    clock.setTimeout(() => fired.push(clock.now()), 30);
    clock.runDue(20);
    expect(fired).toEqual([10, 15]);
    expect(clock.now()).toBe(20);
    // A stamp already passed moves nothing back.
    clock.runDue(5);
    expect(clock.now()).toBe(20);
  });

  it("keeps its order when most timers are cancelled", () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    const ids = Array.from({ length: 5_000 }, (_, i) => clock.setTimeout(() => fired.push(i), 5_000 - i));
    ids.forEach((id, i) => i % 7 !== 0 && clock.clearTimeout(id));
    expect(clock.pending).toBe(715);
    clock.runAll();
    const kept = Array.from({ length: 5_000 }, (_, i) => i).filter((i) => i % 7 === 0);
    expect(fired).toEqual(kept.reverse());
  });

  it("refuses to go back in time", () => {
    const clock = new VirtualClock(50);
    expect(() => clock.advanceTo(10)).toThrow(RangeError);
  });

  it("is Effect's clock: sleep completes only when virtual time passes", async () => {
    const clock = new VirtualClock(0);
    let done = false;
    const fiber = Effect.runPromise(
      Effect.sleep("5 seconds").pipe(
        Effect.zipRight(Effect.clockWith((c) => c.currentTimeMillis)),
        Effect.tap(() => Effect.sync(() => (done = true))),
        Effect.withClock(effectClock(clock)),
      ),
    );
    await Promise.resolve();
    clock.advance(4_999);
    expect(done).toBe(false);
    clock.advance(1);
    expect(await fiber).toBe(5_000);
  });
});
