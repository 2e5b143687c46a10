/** Building the policy index and changing people, credentials, groups and rules in place. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  changeCardholder,
  changeCredential,
  changeGroup,
  changeRule,
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

describe("validated changes", () => {
  it("add a credential with a plain PIN, refusing a clash without naming the owner and leaving the index unchanged", () => {
    const index = indexOf(basePolicy());
    const clash = changeCredential(index, {
      id: "n",
      cardholderId: "bob",
      name: "p",
      kind: "pin",
      pin: "432198",
    });
    expect(Either.isLeft(clash) && clash.left.field).toBe("pin");
    expect(Either.isLeft(clash) && clash.left.message).not.toMatch(/alice/);
    const duressClash = changeCredential(index, {
      id: "n",
      cardholderId: "bob",
      name: "p",
      kind: "pin",
      pin: "999999",
    });
    expect(Either.isLeft(duressClash) && duressClash.left.field).toBe("pin");
    expect(index.credentials.has("n")).toBe(false);
    // Re-saving a credential with its own PIN is no clash.
    expect(
      Either.isRight(
        changeCredential(index, {
          id: "alice-pin",
          cardholderId: "alice",
          name: "p",
          kind: "pin",
          pin: "432198",
        }),
      ),
    ).toBe(true);
    expect(index.duress.size).toBe(0);
  });

  it("check card numbers, facility codes and lengths against the index", () => {
    const index = indexOf(basePolicy());
    const card = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      cardholderId: "bob",
      name: "c",
      kind: "card",
      number: "1001",
      ...extra,
    });
    expect(Either.isLeft(changeCredential(index, card("x")))).toBe(true);
    expect(Either.isRight(changeCredential(index, card("alice-card", { cardholderId: "alice" })))).toBe(true);
    const fc = changeCredential(index, card("y", { number: "5", facilityCode: "1" }));
    expect(Either.isLeft(fc) && fc.left.field).toBe("facilityCode");
    const short = changeCredential(index, {
      id: "z",
      cardholderId: "bob",
      name: "p",
      kind: "pin",
      pin: "12",
    });
    expect(Either.isLeft(short) && short.left.field).toBe("pin");
    const plate = changeCredential(index, {
      id: "v",
      cardholderId: "bob",
      name: "car",
      kind: "plate",
      plate: "ab-1",
    });
    expect(Either.getOrThrow(plate)).toMatchObject({ plate: "AB1" });
    expect(index.plates.get("AB1")?.id).toBe("v");
  });

  it("apply cardholders, groups and rules from the next decision", () => {
    const index = indexOf(basePolicy());
    Either.getOrThrow(
      changeCardholder(index, { id: "alice", firstName: "A", lastName: "A", suspended: true }),
    );
    expect(outcomeOf(index, 1001n)).toBe("CredentialNotEnabled");
    const badGroup = changeGroup(index, { id: "g", name: "g", members: ["zoe"] });
    expect(Either.isLeft(badGroup) && badGroup.left.field).toBe("members[0]");
    const badRule = changeRule(index, {
      id: "r",
      name: "r",
      cardholders: ["bob"],
      doors: ["store"],
      schedules: ["office"],
    });
    expect(Either.isLeft(badRule) && badRule.left.field).toBe("doors[0]");
    Either.getOrThrow(changeGroup(index, { id: "staff", name: "Staff", members: [] }));
    expect(outcomeOf(index, 2002n)).toBe("Unauthorized");
    Either.getOrThrow(
      changeRule(index, { id: "r", name: "r", cardholders: ["bob"], doors: ["gate"], schedules: ["office"] }),
    );
    expect(outcomeOf(index, 2002n)).toBe("granted");
  });
});
