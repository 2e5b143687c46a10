/** The field side's clock: its timers never fire early, fire in deadline order, and can be cancelled. */
import { expect, it } from "vitest";
import { PreciseClock } from "../src/preciseClock";

const fired = (clock: PreciseClock, delays: ReadonlyArray<number>) =>
  new Promise<Array<{ index: number; early: number }>>((resolve) => {
    const order: Array<{ index: number; early: number }> = [];
    delays.forEach((ms, index) => {
      const due = clock.now() + ms;
      clock.setTimeout(() => {
        order.push({ index, early: due - clock.now() });
        if (order.length === delays.length) resolve(order);
      }, ms);
    });
  });

it("fires each timer at or after its deadline, in deadline order, short ones included", async () => {
  const clock = new PreciseClock();
  const order = await fired(clock, [5, 0.3, 2.5, 0.78, 1, 0]);
  expect(order.map((o) => o.index)).toEqual([5, 1, 3, 4, 2, 0]);
  for (const o of order) expect(o.early).toBeLessThanOrEqual(0);
});

it("never fires a cancelled timer, and runDue fires what is due at once", async () => {
  const clock = new PreciseClock();
  const calls: string[] = [];
  const cancelled = clock.setTimeout(() => calls.push("cancelled"), 1);
  clock.clearTimeout(cancelled);
  clock.setTimeout(() => calls.push("due"), 0);
  clock.setTimeout(() => calls.push("later"), 50);
  clock.runDue(clock.now());
  expect(calls).toEqual(["due"]);
  await fired(clock, [3]);
  expect(calls).toEqual(["due"]);
});
