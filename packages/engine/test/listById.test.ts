/** Entity lists by id: lookups and replacements without scans, never fooled by a list that changed since. */
import { describe, expect, it } from "vitest";
import { findById, indexOfId, upsertById } from "../src/listById";

const people = Array.from({ length: 5 }, (_, i) => ({ id: `ch${i}`, n: i }));

describe("lists by id", () => {
  it("find, replace and add in place", () => {
    const list = people.slice();
    expect(indexOfId(list, "ch3")).toBe(3);
    expect(findById(list, "nobody")).toBeUndefined();
    upsertById(list, { id: "ch3", n: 30 });
    upsertById(list, { id: "ch9", n: 9 });
    expect(list.map((p) => p.n)).toEqual([0, 1, 2, 30, 4, 9]);
    expect(findById(list, "ch9")).toEqual({ id: "ch9", n: 9 });
  });

  it("find by another key, and after a removal made a list with shifted positions", () => {
    const policies = [{ doorId: "a" }, { doorId: "b" }, { doorId: "c" }];
    expect(indexOfId(policies, "c", "doorId")).toBe(2);
    const fewer = policies.filter((p) => p.doorId !== "a");
    expect(indexOfId(fewer, "c", "doorId")).toBe(1);
  });

  it("a miss is trusted only while the positions cover the list: an entry added behind its back is found", () => {
    const list = people.slice();
    expect(indexOfId(list, "ch7")).toBe(-1);
    list.push({ id: "ch7", n: 7 });
    expect(indexOfId(list, "ch7")).toBe(5);
    upsertById(list, { id: "ch8", n: 8 });
    expect(indexOfId(list, "nobody")).toBe(-1);
    expect(list.map((p) => p.id).at(-1)).toBe("ch8");
  });
});
