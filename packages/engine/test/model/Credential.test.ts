/** Credential validation: cards as bigints, PIN tags and their uniqueness, plates, validity, facility codes. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { normalisePlate, validatePolicy, type ConfigError, type ValidPolicy } from "@portcullis/engine";
import { hasher, site } from "../decision/fixtures";

const people = [
  { id: "alice", firstName: "Alice", lastName: "Andersson" },
  { id: "bob", firstName: "Bob", lastName: "Berg" },
];
const check = (credentials: unknown[], extra: Record<string, unknown> = {}) =>
  validatePolicy({ cardholders: people, credentials, ...extra }, site, hasher);
const ok = (credentials: unknown[], extra: Record<string, unknown> = {}): ValidPolicy =>
  Either.getOrThrow(check(credentials, extra));
const error = (credentials: unknown[], extra: Record<string, unknown> = {}): ConfigError =>
  Either.match(check(credentials, extra), {
    onLeft: (e) => e,
    onRight: () => {
      throw new Error("expected a ConfigError");
    },
  });
const pin = (id: string, cardholderId: string, value: string, duressPin?: string) => ({
  id,
  cardholderId,
  name: "pin",
  kind: "pin",
  pin: value,
  ...(duressPin === undefined ? {} : { duressPin }),
});

describe("cards", () => {
  it("decode decimal strings to bigints beyond 64 bits", () => {
    const big = "123456789012345678901234567890";
    const { policy } = ok([
      { id: "c", cardholderId: "alice", name: "c", kind: "card", number: big, bitLength: 128 },
    ]);
    expect(policy.credentials[0]).toMatchObject({
      number: BigInt(big),
      validity: { validTo: { kind: "none" } },
    });
  });

  it("have unique numbers", () => {
    const card = (id: string) => ({ id, cardholderId: "alice", name: "c", kind: "card", number: "42" });
    expect(error([card("a"), card("b")]).field).toBe("credentials[1].number");
  });

  it("take a facility code only when the site switch is on; number and facility code together are unique", () => {
    const card = (id: string, facilityCode: string) => ({
      id,
      cardholderId: "alice",
      name: "c",
      kind: "card",
      number: "42",
      facilityCode,
    });
    expect(error([card("a", "1")]).field).toBe("credentials[0].facilityCode");
    expect(ok([card("a", "1"), card("b", "2")], { facilityCodes: true }).policy.credentials).toHaveLength(2);
    expect(error([card("a", "1"), card("b", "1")], { facilityCodes: true }).field).toBe(
      "credentials[1].number",
    );
  });

  it("name the field of a bad number or validity", () => {
    expect(error([{ id: "c", cardholderId: "alice", name: "c", kind: "card", number: "12x" }]).field).toBe(
      "credentials[0].number",
    );
    expect(
      error([
        {
          id: "c",
          cardholderId: "alice",
          name: "c",
          kind: "card",
          number: "1",
          validity: { validFrom: "2026-03-01T10:00" },
        },
      ]).field,
    ).toBe("credentials[0].validity.validFrom");
  });

  it("belong to a known cardholder", () => {
    expect(error([{ id: "c", cardholderId: "carol", name: "c", kind: "card", number: "1" }]).field).toBe(
      "credentials[0].cardholderId",
    );
  });
});

describe("PINs", () => {
  it("are stored only as tags", () => {
    const { policy } = ok([pin("p", "alice", "482913", "482914")]);
    expect(policy.credentials[0]).toEqual({
      id: "p",
      cardholderId: "alice",
      name: "pin",
      kind: "pin",
      pinTag: hasher.tag("482913"),
      duressTag: hasher.tag("482914"),
      length: 6,
    });
    expect(JSON.stringify(policy.credentials)).not.toContain("482913");
  });

  it("are unique across PINs and duress PINs, and a clash never names the other owner", () => {
    for (const clash of [
      [pin("a", "alice", "482913"), pin("b", "bob", "482913")],
      [pin("a", "alice", "482913", "111999"), pin("b", "bob", "111999")],
      [pin("a", "alice", "482913"), pin("b", "bob", "222888", "482913")],
    ]) {
      const e = error(clash);
      expect(e.field).toMatch(/^credentials\[1\]\.(pin|duressPin)$/);
      expect(e.message).not.toMatch(/alice|Alice|Andersson|credentials\[0\]|"a"/);
    }
  });

  it("respect the configured lengths; the duress PIN differs from the PIN", () => {
    expect(error([pin("p", "alice", "123")]).field).toBe("credentials[0].pin");
    expect(error([pin("p", "alice", "1234567")]).field).toBe("credentials[0].pin");
    expect(ok([pin("p", "alice", "1234567")], { pin: { maxLength: 8 } }).warnings).toEqual([]);
    expect(error([pin("p", "alice", "1234a6")]).field).toBe("credentials[0].pin");
    expect(error([pin("p", "alice", "482913", "482913")]).field).toBe("credentials[0].duressPin");
  });

  it("have no validity dates", () => {
    expect(error([{ ...pin("p", "alice", "482913"), validity: {} }]).field).toBe("credentials[0].validity");
  });

  it("warn when a random guess succeeds once in 1 000 or more", () => {
    const holders = Array.from({ length: 11 }, (_, i) => ({ id: `h${i}`, firstName: "H", lastName: `${i}` }));
    const pins = (n: number) => holders.slice(0, n).map((h, i) => pin(`p${i}`, h.id, String(1000 + i)));
    const warnings = (n: number) =>
      Either.getOrThrow(validatePolicy({ cardholders: holders, credentials: pins(n) }, site, hasher))
        .warnings;
    expect(warnings(9)).toEqual([]);
    expect(warnings(10)).toHaveLength(1);
    expect(warnings(11)[0]?.message).toMatch(/11 PINs of 4 digits/);
  });

  it("may come back tagged from storage", () => {
    const stored = ok([pin("p", "alice", "482913")]).policy.credentials;
    expect(ok([...stored]).policy.credentials).toEqual(stored);
  });
});

describe("plates and mobile credentials", () => {
  it("normalise plates: upper case without spaces or dashes", () => {
    expect(normalisePlate("abc-12 3")).toBe("ABC123");
    const { policy } = ok([{ id: "v", cardholderId: "alice", name: "car", kind: "plate", plate: "abc 123" }]);
    expect(policy.credentials[0]).toMatchObject({ plate: "ABC123" });
  });

  it("find duplicates after normalisation", () => {
    const plate = (id: string, p: string) => ({
      id,
      cardholderId: "alice",
      name: "car",
      kind: "plate",
      plate: p,
    });
    expect(error([plate("a", "ABC-123"), plate("b", "abc 123")]).field).toBe("credentials[1].plate");
    expect(error([plate("a", " - ")]).field).toBe("credentials[0].plate");
  });

  it("store mobile credentials as given", () => {
    const mobile = { id: "m", cardholderId: "bob", name: "phone", kind: "mobile", identifier: "urn:x" };
    expect(ok([mobile]).policy.credentials).toEqual([mobile]);
  });

  it("reject an unknown kind with a field", () => {
    expect(error([{ id: "x", cardholderId: "bob", name: "x", kind: "retina" }]).field).toMatch(
      /^credentials\[0\]/,
    );
  });
});
