/** Policy validation: references to the site, profiles, door policies, rules and groups. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROFILES,
  encodePolicy,
  incompleteRules,
  removeProfile,
  validatePolicy,
  validateSite,
  type ConfigError,
  type ValidPolicy,
} from "@portcullis/engine";
import { basePolicy, hasher, site, siteInput } from "../decision/fixtures";

const check = (input: Record<string, unknown>) => validatePolicy(basePolicy(input), site, hasher);
const ok = (input: Record<string, unknown> = {}): ValidPolicy => Either.getOrThrow(check(input));
const error = (input: Record<string, unknown>): ConfigError =>
  Either.match(check(input), {
    onLeft: (e) => e,
    onRight: () => {
      throw new Error("expected a ConfigError");
    },
  });

describe("validatePolicy", () => {
  it("fills defaults: PIN settings, the five default profiles", () => {
    const { policy } = Either.getOrThrow(validatePolicy({}, site, hasher));
    expect(policy.pin).toEqual({
      minLength: 4,
      maxLength: 6,
      endCharacter: "#",
      lockout: { attempts: 5, windowS: 60, durationS: 60 },
    });
    expect(policy.facilityCodes).toBe(false);
    expect(policy.profiles.map((p) => p.name)).toEqual([
      "Card",
      "Card and PIN",
      "PIN",
      "Card or PIN",
      "License plate",
    ]);
    expect(policy.profiles[3]?.sides.B).toEqual([
      { factors: ["card"], schedules: [] },
      { factors: ["pin"], schedules: [] },
    ]);
  });

  it("lets a policy redefine a default profile under its id", () => {
    const card = {
      id: "card",
      name: "Card (weekdays)",
      sides: { A: [{ factors: ["card"], schedules: ["office"] }], B: [] },
    };
    const { policy } = ok({ profiles: [card] });
    expect(policy.profiles.filter((p) => p.id === "card")).toEqual([{ ...card, includeFacilityCode: false }]);
    expect(policy.profiles).toHaveLength(5);
  });

  it("names unknown references", () => {
    expect(error({ groups: [{ id: "g", name: "g", members: ["zoe"] }] }).field).toBe("groups[0].members[0]");
    const rule = (r: Record<string, unknown>) => ({ rules: [{ id: "r", name: "r", ...r }] });
    expect(error(rule({ groups: ["x"] })).field).toBe("rules[0].groups[0]");
    expect(error(rule({ cardholders: ["x"] })).field).toBe("rules[0].cardholders[0]");
    expect(error(rule({ doors: ["gate", "store"] })).field).toBe("rules[0].doors[1]");
    expect(error(rule({ zones: ["x"] })).field).toBe("rules[0].zones[0]");
    expect(error(rule({ schedules: ["never"] })).field).toBe("rules[0].schedules[0]");
    expect(
      error({
        profiles: [{ id: "p", name: "p", sides: { A: [{ factors: ["pin"], schedules: ["x"] }], B: [] } }],
      }).field,
    ).toBe("profiles[0].sides.A[0].schedules[0]");
  });

  it("checks door policies: a door with a lock, known profiles per side, two-person schedules", () => {
    expect(error({ doorPolicies: [{ doorId: "store", profileId: "card" }] }).field).toBe(
      "doorPolicies[0].doorId",
    );
    expect(error({ doorPolicies: [{ doorId: "gate", profileId: { A: "card", B: "iris" } }] }).field).toBe(
      "doorPolicies[0].profileId.B",
    );
    expect(
      error({
        doorPolicies: [
          { doorId: "gate", profileId: "pin", twoPerson: { sides: ["A"], schedules: ["x"], timeoutS: 5 } },
        ],
      }).field,
    ).toBe("doorPolicies[0].twoPerson.schedules[0]");
    expect(
      error({
        doorPolicies: [
          { doorId: "gate", profileId: "pin" },
          { doorId: "gate", profileId: "card" },
        ],
      }).field,
    ).toBe("doorPolicies[1].doorId");
  });

  it("allows the profile option 'include facility code' only with the site switch on", () => {
    const profile = {
      id: "fc",
      name: "fc",
      sides: { A: [{ factors: ["card"] }], B: [] },
      includeFacilityCode: true,
    };
    expect(error({ profiles: [profile] }).field).toBe("profiles[0].includeFacilityCode");
    expect(ok({ profiles: [profile], facilityCodes: true }).policy.profiles).toHaveLength(6);
  });

  it("rejects profile entries with no or repeated factors and bad group initials", () => {
    const entry = (factors: string[]) => ({
      profiles: [{ id: "p", name: "p", sides: { A: [{ factors }], B: [] } }],
    });
    expect(error(entry([])).field).toBe("profiles[0].sides.A[0].factors");
    expect(error(entry(["card", "card"])).field).toBe("profiles[0].sides.A[0].factors");
    expect(error(entry(["face"])).field).toBe("profiles[0].sides.A[0].factors[0]");
    expect(error({ groups: [{ id: "g", name: "g", initials: "ABC" }] }).field).toBe("groups[0].initials");
  });

  it("rejects a maximum PIN length below the minimum", () => {
    expect(error({ pin: { minLength: 6, maxLength: 4 } }).field).toBe("pin.maxLength");
  });

  it("takes the keypad lockout from the PIN configuration, each part defaulted and bounded", () => {
    expect(ok({ pin: { lockout: { attempts: 3, durationS: 300 } } }).policy.pin.lockout).toEqual({
      attempts: 3,
      windowS: 60,
      durationS: 300,
    });
    expect(error({ pin: { lockout: { attempts: 0 } } }).field).toBe("pin.lockout.attempts");
    expect(error({ pin: { lockout: { windowS: 0 } } }).field).toBe("pin.lockout.windowS");
    expect(error({ pin: { lockout: { durationS: 1.5 } } }).field).toBe("pin.lockout.durationS");
  });

  it("takes a PIN that fits the site's length or a reader's custom length, and names both when it fits neither", () => {
    const longReader = Either.getOrThrow(
      validateSite(
        siteInput({
          gate: {
            sides: {
              A: {
                readers: [
                  {
                    id: "gate-a",
                    type: "osdp",
                    port: "rd1",
                    osdp: { address: 0 },
                    pin: { minLength: 8, maxLength: 8 },
                  },
                ],
              },
              B: {},
            },
          },
        }),
      ),
    );
    const pin = (digits: string) =>
      validatePolicy(
        basePolicy({ credentials: [{ id: "p", cardholderId: "bob", name: "p", kind: "pin", pin: digits }] }),
        longReader,
        hasher,
      );
    expect(Either.isRight(pin("48291375"))).toBe(true);
    expect(Either.isRight(pin("4829"))).toBe(true);
    const tooLong = pin("4829137");
    expect(Either.isLeft(tooLong) && tooLong.left.issues[0]).toEqual({
      field: "credentials[0].pin",
      message: "a PIN has 4 to 6 or 8 to 8 digits",
    });
    const onSiteOnly = validatePolicy(
      basePolicy({
        credentials: [{ id: "p", cardholderId: "bob", name: "p", kind: "pin", pin: "48291375" }],
      }),
      site,
      hasher,
    );
    expect(Either.isLeft(onSiteOnly) && onSiteOnly.left.message).toBe(
      "credentials[0].pin: a PIN has 4 to 6 digits",
    );
  });
});

describe("the stored form", () => {
  it("is JSON that validates back to the same policy, PINs as tags and card numbers as decimal strings", () => {
    const { policy } = ok({
      facilityCodes: true,
      credentials: [
        {
          id: "c",
          cardholderId: "alice",
          name: "c",
          kind: "card",
          number: "340282366920938463463374607431768211455",
          facilityCode: "7",
          validity: {
            validFrom: "2026-01-01T00:00:00.000Z",
            validTo: { kind: "first-use", period: { unit: "months", amount: 1 } },
          },
        },
        { id: "p", cardholderId: "bob", name: "p", kind: "pin", pin: "482913" },
      ],
    });
    const json = JSON.stringify(encodePolicy(policy));
    expect(json).toContain('"number":"340282366920938463463374607431768211455"');
    expect(json).not.toContain("482913");
    expect(Either.getOrThrow(validatePolicy(JSON.parse(json), site, hasher)).policy).toEqual(policy);
  });
});

describe("incomplete rules", () => {
  it("are listed with what they lack", () => {
    const { policy } = ok({
      rules: [
        { id: "full", name: "f", groups: ["staff"], zones: ["z"], schedules: ["office"] },
        { id: "nobody", name: "n", doors: ["gate"], schedules: ["office"] },
        { id: "empty", name: "e" },
      ],
      zones: [{ id: "z", name: "z", doors: [{ doorId: "gate" }] }],
    });
    expect(incompleteRules(policy)).toEqual([
      { ruleId: "nobody", missing: ["who"] },
      { ruleId: "empty", missing: ["who", "where", "when"] },
    ]);
  });
});

describe("removing an identification profile", () => {
  const custom = { id: "custom", name: "c", sides: { A: [], B: [] }, includeFacilityCode: false };
  const profiles = [...DEFAULT_PROFILES, custom];

  it("is refused while a door uses it, naming the doors", () => {
    const result = removeProfile(profiles, "custom", [
      { doorId: "gate", profileId: { A: "card", B: "custom" } },
      { doorId: "blue", profileId: "pin" },
    ]);
    expect(Either.isLeft(result) && result.left).toMatchObject({
      _tag: "ProfileRemovalRefused",
      code: "ProfileInUse",
      doorIds: ["gate"],
    });
  });

  it("is refused for a default profile", () => {
    const result = removeProfile(profiles, "pin", []);
    expect(Either.isLeft(result) && result.left.code).toBe("DefaultProfile");
  });

  it("succeeds for an unused custom profile", () => {
    expect(
      Either.getOrThrow(removeProfile(profiles, "custom", [{ doorId: "gate", profileId: "card" }])),
    ).toEqual(DEFAULT_PROFILES);
  });
});
