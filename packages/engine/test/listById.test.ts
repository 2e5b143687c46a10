/** Entity lists by id: lookups and replacements without scans, never fooled by a list that changed since. */
import { describe, expect, it } from "vitest";
import { findById, indexOfId, upsertById } from "../src/listById";

const people = Array.from({ length: 5 }, (_, i) => ({ id: `ch${i}`, n: i }));

describe("lists by id", () => {
  it("find, replace and add, leaving the original list as it was", () => {
    expect(indexOfId(people, "ch3")).toBe(3);
    expect(findById(people, "nobody")).toBeUndefined();
    const replaced = upsertById(people, { id: "ch3", n: 30 });
    const added = upsertById(replaced, { id: "ch9", n: 9 });
    expect(added.map((p) => p.n)).toEqual([0, 1, 2, 30, 4, 9]);
    expect(people.map((p) => p.n)).toEqual([0, 1, 2, 3, 4]);
    expect(findById(added, "ch9")).toEqual({ id: "ch9", n: 9 });
    // The original shares the positions but has no ch9: the position is checked, not trusted.
    expect(indexOfId(people, "ch9")).toBe(-1);
  });

  it("find by another key, and after a removal made a list with shifted positions", () => {
    const policies = [{ doorId: "a" }, { doorId: "b" }, { doorId: "c" }];
    expect(indexOfId(policies, "c", "doorId")).toBe(2);
    const fewer = policies.filter((p) => p.doorId !== "a");
    expect(indexOfId(fewer, "c", "doorId")).toBe(1);
  });
});
