/** Building the policy index and changing people, credentials, groups and rules in place. */
import { describe, expect, it } from "vitest";
import {
  decide,
  putCardholder,
  putCredential,
  putGroup,
  putRule,
  removeCardholder,
  removeCredential,
  removeGroup,
  removeRule,
  type PolicyIndex,
} from "@portcullis/engine";
import { basePolicy, hasher, indexOf, MemoryState, MONDAY_10 } from "./fixtures";

const outcomeOf = (index: PolicyIndex, number: bigint, doorId = "gate") => {
  const d = decide({ doorId, side: "A", factors: { card: { number } } }, index, new MemoryState(), MONDAY_10);
  return d.outcome.type === "denied" ? d.outcome.reason : d.outcome.type;
};

describe("PolicyIndex", () => {
  it("indexes cards, PIN tags, duress tags and memberships", () => {
    const index = indexOf(basePolicy());
    expect(index.cards.get(1001n)?.[0]?.id).toBe("alice-card");
    expect(index.pins.get(hasher.tag("432198"))?.id).toBe("alice-pin");
    expect(index.duress.get(hasher.tag("999999"))?.id).toBe("alice-pin");
    expect(index.groupsOf.get("bob")).toEqual(["staff"]);
    expect([...index.rules.keys()]).toEqual(["staff-all"]);
  });

  it("applies a suspension from the next decision", () => {
    const index = indexOf(basePolicy());
    expect(outcomeOf(index, 1001n)).toBe("granted");
    putCardholder(index, { ...index.cardholders.get("alice")!, suspended: true });
    expect(outcomeOf(index, 1001n)).toBe("CredentialNotEnabled");
  });

  it("replaces and removes credentials", () => {
    const index = indexOf(basePolicy());
    putCredential(index, {
      id: "alice-card",
      cardholderId: "alice",
      name: "new badge",
      kind: "card",
      number: 3003n,
      validity: { validTo: { kind: "none" } },
    });
    expect(outcomeOf(index, 1001n)).toBe("CredentialNotFound");
    expect(outcomeOf(index, 3003n)).toBe("granted");
    removeCredential(index, "alice-card");
    expect(outcomeOf(index, 3003n)).toBe("CredentialNotFound");
    removeCredential(index, "bob-pin");
    expect(index.pins.size).toBe(1);
  });

  it("removes a cardholder with their credentials", () => {
    const index = indexOf(basePolicy());
    removeCardholder(index, "alice");
    expect(outcomeOf(index, 1001n)).toBe("CredentialNotFound");
    expect(index.duress.size).toBe(0);
    expect(index.credentialsOf.has("alice")).toBe(false);
  });

  it("changes groups and rules", () => {
    const index = indexOf(basePolicy());
    putGroup(index, { id: "staff", name: "Staff", global: false, members: ["bob"] });
    expect(outcomeOf(index, 1001n)).toBe("Unauthorized");
    expect(outcomeOf(index, 2002n)).toBe("granted");
    putRule(index, {
      id: "alice",
      name: "a",
      cardholders: ["alice"],
      groups: [],
      doors: ["gate"],
      zones: [],
      schedules: ["office"],
    });
    expect(outcomeOf(index, 1001n)).toBe("granted");
    expect(outcomeOf(index, 1001n, "green")).toBe("Unauthorized");
    // An incomplete rule replaces the complete one and grants nothing.
    putRule(index, {
      id: "alice",
      name: "a",
      cardholders: ["alice"],
      groups: [],
      doors: ["gate"],
      zones: [],
      schedules: [],
    });
    expect(outcomeOf(index, 1001n)).toBe("Unauthorized");
    removeGroup(index, "staff");
    expect(outcomeOf(index, 2002n)).toBe("Unauthorized");
    removeRule(index, "staff-all");
    expect(index.rulesOfGroup.size).toBe(0);
    expect(index.rulesOfCardholder.size).toBe(0);
  });
});
