/** The hand-written people codec against Effect Schema: the same JSON out, the same values in, or Schema decides. */
import { describe, expect, it } from "vitest";
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect";
import {
  Cardholder,
  Credential,
  CredentialInput,
  decodeCardholder,
  decodeCredential,
  encodeCardholder,
  encodeCredential,
} from "@portcullis/engine";

const strict = { errors: "all", onExcessProperty: "error" } as const;
const schemaEncodeCardholder = Schema.encodeSync(Cardholder);
const schemaEncodeCredential = Schema.encodeSync(Credential);
const schemaDecodeCardholder = Schema.decodeUnknownEither(Cardholder, strict);
const schemaDecodeCredential = Schema.decodeUnknownEither(CredentialInput, strict);

/** JSON text, so key order counts: stored rows and change detection compare it. */
const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}n` : x));

const cardholders = Arbitrary.make(Cardholder);
const anyCredential = Arbitrary.make(Credential);
/** Instants `Date` can print (Schema's Arbitrary draws any number, which no stored credential holds). */
const instantsOk = (c: Credential) =>
  c.kind !== "card" && c.kind !== "plate"
    ? true
    : [c.validity.validFrom, c.validity.validTo.kind === "date" ? c.validity.validTo.at : undefined].every(
        (t) => t === undefined || (Number.isInteger(t) && Math.abs(t) < 8.64e15 && t >= 0),
      );

const credentials = anyCredential.filter(instantsOk);

/** One JSON form of each kind with every optional field given: the fields odd values go into. */
const owned = { id: "c1", cardholderId: "h1", name: "main" };
const fullCredentials = fc.constantFrom<Record<string, unknown>>(
  {
    ...owned,
    kind: "card",
    number: "123456",
    bitLength: 26,
    facilityCode: "17",
    validity: {
      validFrom: "2026-01-01T00:00:00Z",
      validTo: { kind: "last-use", period: { unit: "days", amount: 3 } },
    },
  },
  { ...owned, kind: "pin", pinTag: "tag", duressTag: "tag2", length: 6 },
  { ...owned, kind: "pin", pin: "123456", duressPin: "123457" },
  {
    ...owned,
    kind: "plate",
    plate: "abc-123",
    validity: { validTo: { kind: "date", at: "2027-01-01T00:00:00+02:00" } },
  },
  { ...owned, kind: "mobile", identifier: "phone" },
);
const fullCardholder = fc.constant<Record<string, unknown>>({
  id: "h1",
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@example.org",
  photoPath: "photos/ada.jpg",
  customFields: [{ name: "Dept", value: "R&D" }],
  longAccess: true,
  suspended: false,
  allowDoubleSwipe: true,
  exemptFromLockdown: false,
  exemptFromAntiPassback: true,
  global: false,
});

/** A valid JSON form with one of its fields (or a new one) set to something odd. */
const mutated = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc
    .tuple(
      valid,
      fc.nat(),
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom<unknown>(
            "",
            "0",
            "007",
            "-1",
            " 12",
            "0x10",
            "1e3",
            "12345678901234567890",
            "12 34",
            256,
            257,
            0,
            -1,
            1.5,
            true,
            null,
            undefined,
            [],
            { validTo: { kind: "date", at: "2026-01-01T00:00:00" } },
            { validTo: { kind: "date", at: "2026-01-01T00:00:00+01:00" } },
            { validFrom: "2026-01-01T00:00:00Z", validTo: { kind: "uses", count: 0 } },
            { validTo: { kind: "first-use", period: { unit: "weeks", amount: 1 } } },
            [{ name: "a", value: "b", extra: 1 }],
            [{ name: "", value: "b" }],
            Array.from({ length: 7 }, (_, i) => ({ name: `f${i}`, value: "" })),
          ),
        },
        { weight: 1, arbitrary: fc.anything() },
      ),
    )
    .map(([doc, n, value]) => {
      const keys = [...Object.keys(doc), "extra"];
      return { ...doc, [keys[n % keys.length]!]: value };
    });

const sameDecision = <A>(fast: Either.Either<A, unknown>, schema: Either.Either<unknown, unknown>): void => {
  expect(Either.isRight(fast)).toBe(Either.isRight(schema));
  if (Either.isRight(fast) && Either.isRight(schema)) expect(json(fast.right)).toBe(json(schema.right));
};

describe("people codec", () => {
  it("encodes a cardholder as Schema does, key order included", () => {
    fc.assert(
      fc.property(cardholders, (c) => {
        expect(json(encodeCardholder(c))).toBe(json(schemaEncodeCardholder(c)));
      }),
      { numRuns: 500 },
    );
  });

  it("encodes every kind of credential as Schema does, key order included", () => {
    fc.assert(
      fc.property(credentials, (c) => {
        expect(json(encodeCredential(c))).toBe(json(schemaEncodeCredential(c)));
      }),
      { numRuns: 1000 },
    );
  });

  it("decodes what it encodes to the value Schema decodes", () => {
    fc.assert(
      fc.property(cardholders, (c) => {
        const doc = encodeCardholder(c);
        sameDecision(decodeCardholder(doc), schemaDecodeCardholder(doc));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(credentials, (c) => {
        const doc = encodeCredential(c);
        sameDecision(decodeCredential(doc), schemaDecodeCredential(doc));
      }),
      { numRuns: 1000 },
    );
  });

  it("never accepts what Schema refuses, nor decodes differently, on odd input", () => {
    const cardholderDocs = mutated(fc.oneof(fullCardholder, cardholders.map(encodeCardholder)));
    const credentialDocs = mutated(fc.oneof(fullCredentials, credentials.map(encodeCredential)));
    fc.assert(
      fc.property(fc.oneof(cardholderDocs, fc.anything()), (doc) =>
        sameDecision(decodeCardholder(doc), schemaDecodeCardholder(doc)),
      ),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.oneof(credentialDocs, fc.anything()), (doc) =>
        sameDecision(decodeCredential(doc), schemaDecodeCredential(doc)),
      ),
      { numRuns: 5000 },
    );
  });

  it("fills the schema's defaults for what a file leaves out", () => {
    expect(decodeCardholder({ id: "a", firstName: "A", lastName: "B" })).toEqual(
      schemaDecodeCardholder({ id: "a", firstName: "A", lastName: "B" }),
    );
    const card = { id: "c", cardholderId: "a", name: "", kind: "card", number: "42" };
    expect(json(Either.getOrThrow(decodeCredential(card)))).toBe(
      json(Either.getOrThrow(schemaDecodeCredential(card))),
    );
  });
});
