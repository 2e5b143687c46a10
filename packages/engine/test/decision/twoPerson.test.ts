/** The two-person rule: a first swipe waits, a second different cardholder within the timeout lets both in. */
import { describe, expect, it } from "vitest";
import { decide, type AccessRequest, type Decision } from "@portcullis/engine";
import { basePolicy, indexOf, MemoryState, MONDAY_10, SATURDAY_10, seedZones } from "./fixtures";

const swipe = (number: bigint, side: "A" | "B" = "A"): AccessRequest => ({
  doorId: "blue",
  side,
  factors: { card: { number } },
});
const S = 1000;
const index = indexOf(
  basePolicy({
    cardholders: [
      { id: "alice", firstName: "A", lastName: "A", allowDoubleSwipe: true },
      { id: "bob", firstName: "B", lastName: "B" },
    ],
    zones: seedZones({ mode: "hard", timeoutS: 0 }),
    doorPolicies: [
      {
        doorId: "blue",
        profileId: "card",
        twoPerson: { sides: ["A"], schedules: ["office"], timeoutS: 10 },
        doubleSwipe: { timeoutS: 5 },
      },
    ],
    rules: [{ id: "r", name: "r", groups: ["staff"], doors: ["blue"], schedules: ["office", "weekend"] }],
  }),
);

/** Applies a pending outcome as the door actor would: the first swipe waits. */
const step = (state: MemoryState, number: bigint, at: number, side: "A" | "B" = "A"): Decision => {
  const d = decide(swipe(number, side), index, state, at);
  if (d.outcome.type === "pending")
    state.waiting.set(`blue/${side}`, {
      cardholderId: d.outcome.cardholderId,
      credentialId: d.outcome.credentialId,
      at,
    });
  return d;
};

describe("two-person rule", () => {
  it("two different cardholders: the first is pending, the second is granted for both", () => {
    const state = new MemoryState();
    expect(step(state, 1001n, MONDAY_10).outcome).toEqual({
      type: "pending",
      cardholderId: "alice",
      credentialId: "alice-card",
    });
    expect(step(state, 2002n, MONDAY_10 + 9 * S).outcome).toMatchObject({
      type: "granted",
      cardholderId: "bob",
      credentialId: "bob-card",
      twoPerson: { first: "alice", credentialId: "alice-card" },
    });
  });

  it("a two-person grant is long if either cardholder has long access", () => {
    const withLong = (longAccess: string) =>
      indexOf(
        basePolicy({
          cardholders: [
            { id: "alice", firstName: "A", lastName: "A", longAccess: longAccess === "alice" },
            { id: "bob", firstName: "B", lastName: "B", longAccess: longAccess === "bob" },
          ],
          doorPolicies: [{ doorId: "blue", profileId: "card", twoPerson: { sides: ["A"], timeoutS: 10 } }],
        }),
      );
    for (const [longOne, expected] of [
      ["alice", true],
      ["bob", true],
      ["nobody", false],
    ] as const) {
      const index = withLong(longOne);
      const state = new MemoryState();
      const first = decide(swipe(1001n), index, state, MONDAY_10);
      expect(first.outcome.type).toBe("pending");
      state.waiting.set("blue/A", { cardholderId: "alice", credentialId: "alice-card", at: MONDAY_10 });
      expect(decide(swipe(2002n), index, state, MONDAY_10 + S).outcome).toMatchObject({
        type: "granted",
        long: expected,
      });
    }
  });

  it("the same cardholder twice never counts", () => {
    const state = new MemoryState();
    step(state, 1001n, MONDAY_10);
    expect(step(state, 1001n, MONDAY_10 + S).outcome.type).toBe("pending");
  });

  it("a second cardholder after the timeout starts a new wait", () => {
    const state = new MemoryState();
    step(state, 1001n, MONDAY_10);
    expect(step(state, 2002n, MONDAY_10 + 10 * S).outcome).toMatchObject({
      type: "pending",
      cardholderId: "bob",
    });
  });

  it("a second cardholder denied by anti-passback does not complete it", () => {
    const state = new MemoryState();
    state.presences.set("blueZone/bob", { enteredAt: MONDAY_10 - 60 * S });
    step(state, 1001n, MONDAY_10);
    const d = step(state, 2002n, MONDAY_10 + S);
    expect(d.outcome).toMatchObject({ type: "denied", reason: "AntiPassbackViolation", cardholderId: "bob" });
    expect(state.twoPersonWaiting("blue", "A")).toEqual({
      cardholderId: "alice",
      credentialId: "alice-card",
      at: MONDAY_10,
    });
  });

  it("applies only on its sides and in its schedules, and suppresses double-swipe there", () => {
    const state = new MemoryState();
    expect(step(state, 1001n, MONDAY_10, "B").outcome).toMatchObject({ type: "granted", doubleSwipe: true });
    expect(step(state, 1001n, SATURDAY_10).outcome).toMatchObject({ type: "granted", doubleSwipe: true });
    step(state, 2002n, MONDAY_10);
    expect(step(state, 1001n, MONDAY_10 + S).outcome).toMatchObject({ type: "granted", doubleSwipe: false });
  });
});
