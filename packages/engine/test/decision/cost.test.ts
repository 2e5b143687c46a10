/** The decision reads only what touches the cardholder and the access point (DESIGN §5 cost bound). */
import { describe, expect, it } from "vitest";
import { buildPolicyIndex, decide, type CompiledSchedule, type IndexedRule } from "@portcullis/engine";
import { basePolicy, hasher, MemoryState, MONDAY_10, policyOf, schedulesOf, site } from "./fixtures";

/** A map that counts its lookups. */
class CountingMap<K, V> extends Map<K, V> {
  lookups = 0;
  override get(key: K): V | undefined {
    this.lookups++;
    return super.get(key);
  }
}

describe("decision cost", () => {
  const others = Array.from({ length: 2000 }, (_, i) => ({ id: `o${i}`, firstName: "O", lastName: `${i}` }));
  const policy = policyOf(
    basePolicy({
      cardholders: [{ id: "alice", firstName: "A", lastName: "A" }, ...others],
      credentials: [{ id: "alice-card", cardholderId: "alice", name: "b", kind: "card", number: "1001" }],
      groups: [
        { id: "staff", name: "Staff", members: ["alice"] },
        { id: "others", name: "Others", members: others.map((o) => o.id) },
      ],
      rules: [
        { id: "alice-gate", name: "a", groups: ["staff"], doors: ["gate"], schedules: ["office"] },
        // Unrelated: other people at the same door.
        ...Array.from({ length: 1000 }, (_, i) => ({
          id: `others-${i}`,
          name: "o",
          groups: ["others"],
          doors: ["gate"],
          schedules: ["weekend"],
        })),
        // Alice's, but for another door: read, yet their schedules are never evaluated.
        ...Array.from({ length: 10 }, (_, i) => ({
          id: `elsewhere-${i}`,
          name: "e",
          cardholders: ["alice"],
          doors: ["green"],
          schedules: ["weekend"],
        })),
      ],
    }),
  );
  let evaluated = 0;
  const schedules = schedulesOf(site);
  const weekend = schedules.get("weekend") as CompiledSchedule;
  schedules.set("weekend", { ...weekend, isActive: (at) => (evaluated++, weekend.isActive(at)) });
  const built = buildPolicyIndex(policy, site, schedules, hasher);
  const rulesOfCardholder = new CountingMap<string, IndexedRule[]>(built.rulesOfCardholder);
  const rulesOfGroup = new CountingMap<string, IndexedRule[]>(built.rulesOfGroup);
  const index = { ...built, rulesOfCardholder, rulesOfGroup };

  it("reads the cardholder's own rules and their groups' rules only, and no unrelated schedule", () => {
    const d = decide(
      { doorId: "gate", side: "A", factors: { card: { number: 1001n } } },
      index,
      new MemoryState(),
      MONDAY_10,
    );
    expect(d.outcome.type).toBe("granted");
    expect(rulesOfCardholder.lookups).toBe(1);
    expect(rulesOfGroup.lookups).toBe(1);
    expect(evaluated).toBe(0);
    expect(index.rulesOfGroup.get("others")?.length).toBe(1000);
  });
});
