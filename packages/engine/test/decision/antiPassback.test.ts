/** Zones and anti-passback with the seed's example: green zone, blue zone; green, blue and brown doors. */
import { describe, expect, it } from "vitest";
import {
  decide,
  nextPresence,
  presenceMove,
  type AccessRequest,
  type Decision,
  type PolicyIndex,
  type Side,
} from "@portcullis/engine";
import { basePolicy, indexOf, MemoryState, MONDAY_10, seedZones } from "./fixtures";

const swipe = (doorId: string, side: Side, number = 1001n): AccessRequest => ({
  doorId,
  side,
  factors: { card: { number } },
});

/** Decides and, on a grant, lets the cardholder pass: presence moves as the zone actor moves it on AccessTaken. */
const pass = (
  index: PolicyIndex,
  state: MemoryState,
  doorId: string,
  side: Side,
  at: number,
  number = 1001n,
) => {
  const d = decide(swipe(doorId, side, number), index, state, at);
  if (d.outcome.type === "granted") {
    const move = presenceMove(index, doorId, side);
    for (const zoneId of index.zones.keys()) {
      const key = `${zoneId}/${d.outcome.cardholderId}`;
      const next = nextPresence(index, zoneId, state.presences.get(key), move, at);
      if (next === undefined) state.presences.delete(key);
      else state.presences.set(key, next);
    }
  }
  return d;
};
const outcome = (d: Decision) => (d.outcome.type === "denied" ? d.outcome.reason : d.outcome.type);
const S = 1000;

describe("the seed's doors and zones", () => {
  const index = indexOf(basePolicy({ zones: seedZones() }));

  it("maps each door side to the zones it leaves and enters", () => {
    expect(presenceMove(index, "blue", "A")).toEqual({ toZone: "blueZone" });
    expect(presenceMove(index, "blue", "B")).toEqual({ fromZone: "blueZone" });
    expect(presenceMove(index, "brown", "A")).toEqual({ fromZone: "blueZone", toZone: "greenZone" });
    expect(presenceMove(index, "brown", "B")).toEqual({ fromZone: "greenZone", toZone: "blueZone" });
    // Internal doors neither check nor move presence.
    expect(presenceMove(index, "green", "A")).toEqual({});
    expect(presenceMove(index, "gate", "A")).toEqual({});
  });

  it("a rule naming the green zone covers entry into green and its internal door, not the brown door into blue", () => {
    const greenOnly = indexOf(
      basePolicy({
        zones: seedZones(),
        rules: [
          {
            id: "g",
            name: "Green zone",
            cardholders: ["alice"],
            zones: ["greenZone"],
            schedules: ["office"],
          },
        ],
      }),
    );
    const at = (doorId: string, side: Side) =>
      outcome(decide(swipe(doorId, side), greenOnly, new MemoryState(), MONDAY_10));
    expect(at("brown", "A")).toBe("granted");
    expect(at("green", "A")).toBe("granted");
    expect(at("green", "B")).toBe("granted");
    expect(at("brown", "B")).toBe("Unauthorized");
    expect(at("blue", "A")).toBe("Unauthorized");
    expect(at("blue", "B")).toBe("Unauthorized");
  });

  it("a rule naming the blue zone covers its entries and its exit to the outside", () => {
    const blueOnly = indexOf(
      basePolicy({
        zones: seedZones(),
        rules: [
          { id: "b", name: "Blue zone", cardholders: ["alice"], zones: ["blueZone"], schedules: ["office"] },
        ],
      }),
    );
    const at = (doorId: string, side: Side) =>
      outcome(decide(swipe(doorId, side), blueOnly, new MemoryState(), MONDAY_10));
    expect([at("blue", "A"), at("blue", "B"), at("brown", "B")]).toEqual(["granted", "granted", "granted"]);
    expect([at("brown", "A"), at("green", "A")]).toEqual(["Unauthorized", "Unauthorized"]);
  });
});

describe("hard anti-passback", () => {
  it("with timeout 0 denies re-entry until the cardholder leaves", () => {
    const index = indexOf(basePolicy({ zones: seedZones({ mode: "hard", timeoutS: 0 }) }));
    const state = new MemoryState();
    const t = MONDAY_10;
    expect(outcome(pass(index, state, "blue", "A", t))).toBe("granted");
    const again = pass(index, state, "blue", "A", t + 3600 * S);
    expect(outcome(again)).toBe("AntiPassbackViolation");
    expect(again.alarms).toEqual([
      { type: "AntiPassbackViolation", zoneId: "blueZone", cardholderId: "alice", mode: "hard" },
    ]);
    // Into green through brown, then back into blue through brown: a legitimate round.
    expect(outcome(pass(index, state, "brown", "A", t + 2 * S))).toBe("granted");
    expect(outcome(pass(index, state, "brown", "B", t + 3 * S))).toBe("granted");
    expect(outcome(pass(index, state, "brown", "B", t + 4 * S))).toBe("AntiPassbackViolation");
    // Exits are never refused, and leaving clears presence.
    expect(outcome(pass(index, state, "blue", "B", t + 5 * S))).toBe("granted");
    expect(outcome(pass(index, state, "blue", "B", t + 6 * S))).toBe("granted");
    expect(outcome(pass(index, state, "blue", "A", t + 7 * S))).toBe("granted");
  });

  it("with a timeout admits again once the timeout from the entry has elapsed; repeat attempts don't restart it", () => {
    const index = indexOf(basePolicy({ zones: seedZones({ mode: "hard", timeoutS: 60 }) }));
    const state = new MemoryState();
    const t = MONDAY_10;
    expect(outcome(pass(index, state, "blue", "A", t))).toBe("granted");
    expect(outcome(pass(index, state, "blue", "A", t + 30 * S))).toBe("AntiPassbackViolation");
    expect(outcome(pass(index, state, "blue", "A", t + 60 * S - 1))).toBe("AntiPassbackViolation");
    expect(outcome(pass(index, state, "blue", "A", t + 60 * S))).toBe("granted");
    expect(state.presence("blueZone", "alice")).toEqual({ enteredAt: t + 60 * S });
    expect(outcome(pass(index, state, "blue", "A", t + 61 * S))).toBe("AntiPassbackViolation");
  });

  it("does not concern internal doors, exempt cardholders or unknown presence", () => {
    const index = indexOf(
      basePolicy({
        zones: seedZones({ mode: "hard", timeoutS: 0 }),
        cardholders: [
          { id: "alice", firstName: "A", lastName: "A" },
          { id: "bob", firstName: "B", lastName: "B", exemptFromAntiPassback: true },
        ],
      }),
    );
    const state = new MemoryState();
    expect(outcome(pass(index, state, "green", "A", MONDAY_10))).toBe("granted");
    expect(outcome(pass(index, state, "green", "A", MONDAY_10 + S))).toBe("granted");
    expect(outcome(pass(index, state, "blue", "A", MONDAY_10, 2002n))).toBe("granted");
    const exempt = pass(index, state, "blue", "A", MONDAY_10 + S, 2002n);
    expect(outcome(exempt)).toBe("granted");
    expect(exempt.alarms).toEqual([]);
  });
});

describe("soft anti-passback", () => {
  it("grants and raises the alarm", () => {
    const index = indexOf(basePolicy({ zones: seedZones({ mode: "soft", timeoutS: 0 }) }));
    const state = new MemoryState();
    expect(pass(index, state, "blue", "A", MONDAY_10).alarms).toEqual([]);
    const again = pass(index, state, "blue", "A", MONDAY_10 + S);
    expect(outcome(again)).toBe("granted");
    expect(again.alarms).toEqual([
      { type: "AntiPassbackViolation", zoneId: "blueZone", cardholderId: "alice", mode: "soft" },
    ]);
    // The soft re-entry keeps the first entry's time.
    expect(state.presence("blueZone", "alice")).toEqual({ enteredAt: MONDAY_10 });
  });

  it("is checked after lockdown: a locked-down door denies Lockdown without an anti-passback alarm", () => {
    const index = indexOf(basePolicy({ zones: seedZones({ mode: "hard", timeoutS: 0 }) }));
    const state = new MemoryState();
    pass(index, state, "blue", "A", MONDAY_10);
    state.slots.set("blue", "lockdown");
    const d = pass(index, state, "blue", "A", MONDAY_10 + S);
    expect(outcome(d)).toBe("Lockdown");
    expect(d.alarms).toEqual([]);
  });
});
