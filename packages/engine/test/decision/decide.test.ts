/** The access decision, step by step (DESIGN §5): every denial reason and detail, profiles, facility codes, validity, duress, lockdown. */
import { describe, expect, it } from "vitest";
import { decide, recordUse, type AccessRequest, type Decision, type PolicyIndex } from "@portcullis/engine";
import { basePolicy, indexOf, local, MemoryState, MONDAY_10, SATURDAY_10 } from "./fixtures";

type Factors = AccessRequest["factors"];
const at = (doorId: string, side: "A" | "B", factors: Factors, extra: Partial<AccessRequest> = {}) =>
  ({ doorId, side, factors, ...extra }) as AccessRequest;
const card = (n: bigint, facility?: bigint): Factors => ({
  card: facility === undefined ? { number: n } : { number: n, facility },
});
const run = (
  index: PolicyIndex,
  request: AccessRequest,
  time = MONDAY_10,
  state = new MemoryState(),
): Decision => decide(request, index, state, time);
const reason = (d: Decision) =>
  d.outcome.type === "denied" ? [d.outcome.reason, d.outcome.detail] : [d.outcome.type];

const plate = {
  id: "alice-car",
  cardholderId: "alice",
  name: "car",
  kind: "plate",
  plate: "AB 123-C",
};

/** The gate uses `profileId`; other doors keep the default Card profile. */
const gateWith = (profileId: unknown, extra: Record<string, unknown> = {}) =>
  indexOf(basePolicy({ doorPolicies: [{ doorId: "gate", profileId }], ...extra }));

describe("default identification profiles, on both sides", () => {
  const cases: Array<[string, Factors, Factors]> = [
    ["card", card(1001n), { pin: "432198" }],
    ["card-and-pin", { ...card(1001n), pin: "432198" }, card(1001n)],
    ["pin", { pin: "432198" }, card(1001n)],
    ["license-plate", { plate: "ab-123 c" }, card(1001n)],
  ];
  const withPlate = { credentials: [...(basePolicy()["credentials"] as unknown[]), plate] };
  for (const [profile, accepted, refused] of cases)
    for (const side of ["A", "B"] as const)
      it(`${profile} side ${side}: grants what it takes, refuses the rest`, () => {
        const index = gateWith(profile, withPlate);
        expect(reason(run(index, at("gate", side, accepted)))).toEqual(["granted"]);
        expect(reason(run(index, at("gate", side, refused)))).toEqual([
          "Other",
          "IdentificationTypeNotAllowed",
        ]);
      });

  it("card-or-pin takes either alone, not both together", () => {
    const index = gateWith("card-or-pin");
    for (const side of ["A", "B"] as const) {
      expect(reason(run(index, at("gate", side, card(1001n))))).toEqual(["granted"]);
      expect(reason(run(index, at("gate", side, { pin: "432198" })))).toEqual(["granted"]);
      expect(reason(run(index, at("gate", side, { ...card(1001n), pin: "432198" })))).toEqual([
        "Other",
        "IdentificationTypeNotAllowed",
      ]);
    }
  });

  it("a door without a door policy uses the Card profile", () => {
    const index = indexOf(basePolicy());
    expect(reason(run(index, at("green", "B", card(1001n))))).toEqual(["granted"]);
    expect(reason(run(index, at("green", "B", { pin: "432198" })))).toEqual([
      "Other",
      "IdentificationTypeNotAllowed",
    ]);
  });
});

describe("a custom profile with schedules", () => {
  const index = indexOf(
    basePolicy({
      profiles: [
        {
          id: "custom",
          name: "Card by day, card and PIN at weekends; PIN only on side B",
          sides: {
            A: [
              { factors: ["card"], schedules: ["office"] },
              { factors: ["card", "pin"], schedules: ["weekend"] },
            ],
            B: [{ factors: ["pin"] }, { factors: ["rex"], schedules: ["office"] }],
          },
        },
      ],
      doorPolicies: [{ doorId: "gate", profileId: "custom" }],
      rules: [
        {
          id: "staff-always",
          name: "Staff",
          groups: ["staff"],
          doors: ["gate"],
          schedules: ["office", "weekend"],
        },
      ],
    }),
  );
  const weekday_night = local(2026, 3, 2, 22);

  it("takes a card in office hours, card and PIN at weekends", () => {
    expect(reason(run(index, at("gate", "A", card(1001n)), MONDAY_10))).toEqual(["granted"]);
    expect(reason(run(index, at("gate", "A", card(1001n)), SATURDAY_10))).toEqual([
      "Other",
      "IdentificationTypeNotAllowed",
    ]);
    expect(reason(run(index, at("gate", "A", { ...card(1001n), pin: "432198" }), SATURDAY_10))).toEqual([
      "granted",
    ]);
  });

  it("denies NotPermittedAtThisTime when no entry is active", () => {
    expect(reason(run(index, at("gate", "A", card(1001n)), weekday_night))).toEqual([
      "NotPermittedAtThisTime",
      undefined,
    ]);
  });

  it("side B takes a PIN at any time (an entry without schedules); a REX entry is no credential", () => {
    expect(reason(run(index, at("gate", "B", { pin: "432198" }), SATURDAY_10))).toEqual(["granted"]);
    expect(reason(run(index, at("gate", "B", card(1001n)), MONDAY_10))).toEqual([
      "Other",
      "IdentificationTypeNotAllowed",
    ]);
    expect(index.accessPoints.get("gate")?.B.rexSchedule?.isActive(MONDAY_10)).toBe(true);
    expect(index.accessPoints.get("gate")?.B.rexSchedule?.isActive(SATURDAY_10)).toBe(false);
    expect(index.accessPoints.get("gate")?.A.rexSchedule).toBeUndefined();
  });
});

describe("denial reasons, in order", () => {
  it("Other/PinTimeout when the reader gave up waiting for the PIN", () => {
    const index = gateWith("card-and-pin");
    expect(reason(run(index, at("gate", "A", card(1001n), { pinTimeout: true })))).toEqual([
      "Other",
      "PinTimeout",
    ]);
  });

  it("CredentialNotFound for an unknown card, and for an unknown PIN alone", () => {
    expect(reason(run(gateWith("card"), at("gate", "A", card(7n))))).toEqual([
      "CredentialNotFound",
      undefined,
    ]);
    expect(reason(run(gateWith("pin"), at("gate", "A", { pin: "000000" })))).toEqual([
      "CredentialNotFound",
      undefined,
    ]);
    expect(reason(run(gateWith("license-plate"), at("gate", "A", { plate: "XYZ" })))).toEqual([
      "CredentialNotFound",
      undefined,
    ]);
  });

  it("CredentialNotEnabled for a suspended cardholder, naming them", () => {
    const index = indexOf(
      basePolicy({
        cardholders: [
          { id: "alice", firstName: "Alice", lastName: "A", suspended: true },
          { id: "bob", firstName: "Bob", lastName: "B" },
        ],
      }),
    );
    const d = run(index, at("gate", "A", card(1001n)));
    expect(d.outcome).toEqual({
      type: "denied",
      reason: "CredentialNotEnabled",
      cardholderId: "alice",
      credentialId: "alice-card",
    });
  });

  it("Unauthorized when no complete rule covers the door; NotPermittedAtThisTime outside the rule's schedules", () => {
    const index = indexOf(
      basePolicy({
        rules: [
          { id: "gate-only", name: "g", cardholders: ["alice"], doors: ["gate"], schedules: ["office"] },
          { id: "incomplete", name: "no schedule", cardholders: ["alice"], doors: ["green"] },
        ],
      }),
    );
    expect(reason(run(index, at("green", "A", card(1001n))))).toEqual(["Unauthorized", undefined]);
    expect(reason(run(index, at("gate", "A", card(1001n)), SATURDAY_10))).toEqual([
      "NotPermittedAtThisTime",
      undefined,
    ]);
    expect(reason(run(index, at("gate", "A", card(2002n))))).toEqual(["Unauthorized", undefined]);
  });

  it("InvalidPIN when the PIN beside the card is someone else's or nobody's", () => {
    const index = gateWith("card-and-pin");
    expect(reason(run(index, at("gate", "A", { ...card(1001n), pin: "555123" })))).toEqual([
      "InvalidPIN",
      undefined,
    ]);
    expect(reason(run(index, at("gate", "A", { ...card(1001n), pin: "000000" })))).toEqual([
      "InvalidPIN",
      undefined,
    ]);
    expect(reason(run(index, at("gate", "A", { ...card(1001n), pin: "432198" })))).toEqual(["granted"]);
  });

  it("rules come before the PIN check: an unauthorised card with a wrong PIN is Unauthorized", () => {
    const index = gateWith("card-and-pin", {
      rules: [{ id: "r", name: "r", cardholders: ["bob"], doors: ["gate"], schedules: ["office"] }],
    });
    expect(reason(run(index, at("gate", "A", { ...card(1001n), pin: "000000" })))).toEqual([
      "Unauthorized",
      undefined,
    ]);
  });

  it("Lockdown unless the cardholder is exempt", () => {
    const index = indexOf(
      basePolicy({
        cardholders: [
          { id: "alice", firstName: "Alice", lastName: "A" },
          { id: "bob", firstName: "Bob", lastName: "B", exemptFromLockdown: true },
        ],
      }),
    );
    const state = new MemoryState();
    state.slots.set("gate", "lockdown");
    expect(reason(run(index, at("gate", "A", card(1001n)), MONDAY_10, state))).toEqual([
      "Lockdown",
      undefined,
    ]);
    const bob = run(index, at("gate", "A", card(2002n)), MONDAY_10, state);
    expect(bob.outcome).toMatchObject({ type: "granted", cardholderId: "bob", exemptFromLockdown: true });
    expect(reason(run(index, at("green", "A", card(1001n)), MONDAY_10, state))).toEqual(["granted"]);
  });

  it("an unknown door is Unauthorized", () => {
    expect(reason(run(gateWith("card"), at("nowhere", "A", card(1001n))))).toEqual([
      "Unauthorized",
      undefined,
    ]);
  });
});

describe("facility codes", () => {
  const cards = [
    { id: "c1", cardholderId: "alice", name: "site 1", kind: "card", number: "500", facilityCode: "1" },
    { id: "c2", cardholderId: "bob", name: "site 2", kind: "card", number: "500", facilityCode: "2" },
  ];
  const withFacility = (includeFacilityCode: boolean) =>
    indexOf(
      basePolicy({
        facilityCodes: true,
        credentials: cards,
        profiles: [
          { id: "fc", name: "fc", sides: { A: [{ factors: ["card"] }], B: [] }, includeFacilityCode },
        ],
        doorPolicies: [{ doorId: "gate", profileId: "fc" }],
      }),
    );

  it("with the profile option, a card with another facility code is InvalidFacilityCode", () => {
    const index = withFacility(true);
    expect(run(index, at("gate", "A", card(500n, 1n))).outcome).toMatchObject({
      type: "granted",
      cardholderId: "alice",
    });
    expect(run(index, at("gate", "A", card(500n, 2n))).outcome).toMatchObject({
      type: "granted",
      cardholderId: "bob",
    });
    expect(reason(run(index, at("gate", "A", card(500n, 3n))))).toEqual(["InvalidFacilityCode", undefined]);
    expect(reason(run(index, at("gate", "A", card(500n))))).toEqual(["InvalidFacilityCode", undefined]);
  });

  it("without it, the number alone identifies (the facility code still picks among equal numbers)", () => {
    const index = withFacility(false);
    expect(run(index, at("gate", "A", card(500n, 3n))).outcome).toMatchObject({
      type: "granted",
      cardholderId: "alice",
    });
    expect(run(index, at("gate", "A", card(500n, 2n))).outcome).toMatchObject({
      type: "granted",
      cardholderId: "bob",
    });
  });

  it("a side without entries accepts nothing", () => {
    expect(reason(run(withFacility(true), at("gate", "B", card(500n, 1n))))).toEqual([
      "NotPermittedAtThisTime",
      undefined,
    ]);
  });
});

describe("validity through the decision", () => {
  const withValidity = (validity: unknown) =>
    indexOf(
      basePolicy({
        credentials: [
          { id: "alice-card", cardholderId: "alice", name: "b", kind: "card", number: "1001", validity },
        ],
      }),
    );

  it("CredentialNotActive before valid-from, granted from it on", () => {
    const index = withValidity({ validFrom: "2026-03-02T09:00:00Z" });
    const from = Date.parse("2026-03-02T09:00:00Z");
    expect(reason(run(index, at("gate", "A", card(1001n)), from - 1))).toEqual([
      "CredentialNotActive",
      undefined,
    ]);
    expect(reason(run(index, at("gate", "A", card(1001n)), from))).toEqual(["granted"]);
  });

  it("CredentialExpired at the valid-to date (exclusive end)", () => {
    const index = withValidity({ validTo: { kind: "date", at: "2026-03-02T09:00:00Z" } });
    const end = Date.parse("2026-03-02T09:00:00Z");
    expect(reason(run(index, at("gate", "A", card(1001n)), end - 1))).toEqual(["granted"]);
    expect(reason(run(index, at("gate", "A", card(1001n)), end))).toEqual(["CredentialExpired", undefined]);
  });

  it("expires after N uses, counting grants through recordUse", () => {
    const index = withValidity({ validTo: { kind: "uses", count: 2 } });
    const state = new MemoryState();
    for (const t of [MONDAY_10, MONDAY_10 + 1000]) {
      const d = run(index, at("gate", "A", card(1001n)), t, state);
      expect(d.outcome.type).toBe("granted");
      state.usages.set("alice-card", recordUse(state.usage("alice-card"), t));
    }
    expect(state.usage("alice-card")).toEqual({ firstUse: MONDAY_10, lastUse: MONDAY_10 + 1000, uses: 2 });
    expect(reason(run(index, at("gate", "A", card(1001n)), MONDAY_10 + 2000, state))).toEqual([
      "CredentialExpired",
      undefined,
    ]);
  });

  it("a suspension is reported before validity", () => {
    const index = indexOf(
      basePolicy({
        cardholders: [{ id: "alice", firstName: "A", lastName: "A", suspended: true }],
        groups: [],
        rules: [],
        credentials: [
          {
            id: "c",
            cardholderId: "alice",
            name: "b",
            kind: "card",
            number: "1",
            validity: { validTo: { kind: "date", at: "2020-01-01T00:00:00Z" } },
          },
        ],
      }),
    );
    expect(reason(run(index, at("gate", "A", card(1n))))).toEqual(["CredentialNotEnabled", undefined]);
  });

  it("a plate is normalised before lookup and has validity", () => {
    const index = indexOf(
      basePolicy({
        credentials: [{ ...plate, validity: { validTo: { kind: "date", at: "2026-03-02T09:00:00Z" } } }],
        doorPolicies: [{ doorId: "gate", profileId: "license-plate" }],
      }),
    );
    expect(run(index, at("gate", "A", { plate: "ab123c" }), MONDAY_10 - 3_600_000).outcome).toMatchObject({
      type: "granted",
      credentialId: "alice-car",
    });
    expect(reason(run(index, at("gate", "A", { plate: "AB-123 C" }), MONDAY_10))).toEqual([
      "CredentialExpired",
      undefined,
    ]);
  });
});

describe("duress", () => {
  const duress = { type: "Duress", cardholderId: "alice", credentialId: "alice-pin" };

  it("a duress PIN opens a granted door and raises a silent alarm", () => {
    const d = run(gateWith("pin"), at("gate", "A", { pin: "999999" }));
    expect(d.outcome).toMatchObject({ type: "granted", cardholderId: "alice", credentialId: "alice-pin" });
    expect(d.alarms).toEqual([duress]);
  });

  it("raises the alarm at a denied door too, with the denial unchanged", () => {
    const d = run(gateWith("pin"), at("gate", "A", { pin: "999999" }), SATURDAY_10);
    expect(reason(d)).toEqual(["NotPermittedAtThisTime", undefined]);
    expect(d.alarms).toEqual([duress]);
    const wrongType = run(gateWith("card"), at("gate", "A", { pin: "999999" }));
    expect(reason(wrongType)).toEqual(["Other", "IdentificationTypeNotAllowed"]);
    expect(wrongType.alarms).toEqual([duress]);
  });

  it("works as the PIN of card and PIN", () => {
    const d = run(gateWith("card-and-pin"), at("gate", "A", { ...card(1001n), pin: "999999" }));
    expect(d.outcome.type).toBe("granted");
    expect(d.alarms).toEqual([duress]);
  });

  it("a normal PIN raises nothing", () => {
    expect(run(gateWith("pin"), at("gate", "A", { pin: "432198" })).alarms).toEqual([]);
  });
});

describe("grants", () => {
  it("carry the long-access flag and double-swipe only when the cardholder and the door both allow it", () => {
    const index = indexOf(
      basePolicy({
        cardholders: [
          { id: "alice", firstName: "A", lastName: "A", longAccess: true, allowDoubleSwipe: true },
          { id: "bob", firstName: "B", lastName: "B" },
        ],
        doorPolicies: [{ doorId: "gate", profileId: "card", doubleSwipe: { timeoutS: 5 } }],
      }),
    );
    expect(run(index, at("gate", "A", card(1001n))).outcome).toEqual({
      type: "granted",
      cardholderId: "alice",
      credentialId: "alice-card",
      long: true,
      exemptFromLockdown: false,
      doubleSwipe: true,
    });
    expect(run(index, at("gate", "A", card(2002n))).outcome).toMatchObject({
      doubleSwipe: false,
      long: false,
    });
    expect(run(index, at("green", "A", card(1001n))).outcome).toMatchObject({ doubleSwipe: false });
  });
});
