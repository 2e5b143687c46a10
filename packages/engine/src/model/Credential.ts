/** Credentials: cards, PINs, license plates and mobile credentials of a cardholder (seed "Add credentials"). */
import { ParseResult, Schema } from "effect";
import type { PinHasher } from "../decision/PinHasher";
import type { ConfigIssue } from "../errors";
import type { PinLengthRange } from "./Pin";

const Id = Schema.NonEmptyString;

/** An ISO 8601 time with an offset, in epoch milliseconds; `undefined` for anything else. */
export const parseInstant = (s: string): number | undefined => {
  const ms = /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? Date.parse(s) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/** An instant: ISO 8601 with an offset in JSON, epoch ms inside. */
export const Instant = Schema.transformOrFail(Schema.String, Schema.Number, {
  strict: true,
  decode: (s, _, ast) => {
    const ms = parseInstant(s);
    return ms === undefined
      ? ParseResult.fail(new ParseResult.Type(ast, s, "expected an ISO 8601 time with an offset"))
      : ParseResult.succeed(ms);
  },
  encode: (ms) => ParseResult.succeed(new Date(ms).toISOString()),
});

const Period = Schema.Struct({
  unit: Schema.Literal("days", "months", "years"),
  amount: Schema.Number.pipe(Schema.int(), Schema.positive()),
});

/** When a card or plate stops being valid, as `ValidTo` in Validity.ts. */
export const CredentialValidTo = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("none") }),
  Schema.Struct({ kind: Schema.Literal("date"), at: Instant }),
  Schema.Struct({ kind: Schema.Literal("first-use"), period: Period }),
  Schema.Struct({ kind: Schema.Literal("uses"), count: Schema.Number.pipe(Schema.int(), Schema.positive()) }),
  Schema.Struct({ kind: Schema.Literal("last-use"), period: Period }),
);

/** A card's or plate's validity; absent means from always to never. */
export const CredentialValidity = Schema.Struct({
  validFrom: Schema.optionalWith(Instant, { exact: true }),
  validTo: Schema.optionalWith(CredentialValidTo, { default: () => ({ kind: "none" }) as const }),
});
const validity = Schema.optionalWith(CredentialValidity, {
  default: () => ({ validTo: { kind: "none" } }) as const,
});

/** A card number or facility code: a decimal string in JSON, a non-negative bigint inside (formats reach 256 bits). */
export const CardValue = Schema.BigInt.pipe(Schema.nonNegativeBigInt());

/** Plate normalisation: upper case without spaces or dashes, so "abc-123" and "ABC 123" are one plate. */
export const normalisePlate = (plate: string): string => plate.replace(/[\s-]/g, "").toUpperCase();

const Plate = Schema.transform(Schema.String, Schema.String.pipe(Schema.minLength(1)), {
  strict: true,
  decode: normalisePlate,
  encode: (plate) => plate,
});

const PinDigits = Schema.String.pipe(Schema.pattern(/^\d+$/, { message: () => "a PIN is digits only" }));

const owned = { id: Id, cardholderId: Id, name: Schema.String };

/** A card; `facilityCode` only while the site's facility-code switch is on. */
export const CardCredential = Schema.Struct({
  ...owned,
  kind: Schema.Literal("card"),
  number: CardValue,
  bitLength: Schema.optional(Schema.Number.pipe(Schema.int(), Schema.between(1, 256))),
  facilityCode: Schema.optional(CardValue),
  validity,
});
export type CardCredential = typeof CardCredential.Type;

/** A PIN as stored: HMAC tags only, plus the PIN's length for the density warning; always valid. */
export const PinCredential = Schema.Struct({
  ...owned,
  kind: Schema.Literal("pin"),
  pinTag: Schema.NonEmptyString,
  duressTag: Schema.optional(Schema.NonEmptyString),
  length: Schema.Number.pipe(Schema.int(), Schema.positive()),
});
export type PinCredential = typeof PinCredential.Type;

/** A PIN as an administrator enters it; validation replaces it with a {@link PinCredential}. */
export const PlainPinCredential = Schema.Struct({
  ...owned,
  kind: Schema.Literal("pin"),
  pin: PinDigits,
  duressPin: Schema.optional(PinDigits),
});
export type PlainPinCredential = typeof PlainPinCredential.Type;

/** A license plate, normalised. */
export const PlateCredential = Schema.Struct({
  ...owned,
  kind: Schema.Literal("plate"),
  plate: Plate,
  validity,
});
export type PlateCredential = typeof PlateCredential.Type;

/** A mobile credential: stored only, until a reader delivers it. */
export const MobileCredential = Schema.Struct({
  ...owned,
  kind: Schema.Literal("mobile"),
  identifier: Schema.NonEmptyString,
});
export type MobileCredential = typeof MobileCredential.Type;

/** A credential as stored in a validated policy. */
export const Credential = Schema.Union(CardCredential, PinCredential, PlateCredential, MobileCredential);
export type Credential = typeof Credential.Type;

/** A credential as accepted by validation: a PIN may be plain or already tagged. */
export const CredentialInput = Schema.Union(
  CardCredential,
  PlainPinCredential,
  PinCredential,
  PlateCredential,
  MobileCredential,
);
export type CredentialInput = typeof CredentialInput.Type;

/** Credentials that have a validity period (DESIGN §3: "Cards and plates: valid from; valid to"). */
export type ValidatedCredential = CardCredential | PlateCredential;

/** Replaces a plain PIN by its tags; other credentials pass unchanged. */
export const tagPin = (credential: CredentialInput, hasher: PinHasher): Credential => {
  if (credential.kind !== "pin" || !("pin" in credential)) return credential;
  const { pin, duressPin, ...rest } = credential;
  return {
    ...rest,
    pinTag: hasher.tag(pin),
    length: pin.length,
    ...(duressPin === undefined ? {} : { duressTag: hasher.tag(duressPin) }),
  };
};

/** What checking one credential needs to know about the rest of the policy. */
export interface CredentialContext {
  readonly facilityCodes: boolean;
  /** The PIN lengths the site's keypads accept ({@link pinLengthsOf}); a PIN must fit one. */
  readonly pinLengths: ReadonlyArray<PinLengthRange>;
  hasCardholder(cardholderId: string): boolean;
  /** Whether another credential holds this card number with this facility code. */
  cardTaken(card: CardCredential): boolean;
  /** Whether another credential holds this plate. */
  plateTaken(plate: PlateCredential): boolean;
  /** Whether another credential than `credentialId` holds this PIN tag, as its PIN or duress PIN. */
  pinTaken(tag: string, credentialId: string): boolean;
}

/** A PIN clash never names the other owner (DESIGN §3): a PIN alone would tell who has it. */
const PIN_IN_USE = "this PIN is already in use; choose another";

/**
 * The issues of one credential beyond its schema: owner, facility-code switch, PIN lengths (known
 * only from a plain PIN) and uniqueness. `input` is the credential as given, `credential` as stored.
 */
export const credentialIssues = (
  input: CredentialInput,
  credential: Credential,
  context: CredentialContext,
  field: (name: string) => string,
): ConfigIssue[] => {
  const issues: ConfigIssue[] = [];
  const issue = (name: string, message: string) => issues.push({ field: field(name), message });
  if (!context.hasCardholder(credential.cardholderId))
    issue("cardholderId", `unknown cardholder "${credential.cardholderId}"`);
  const checkLength = (pin: string, name: string) => {
    const ranges = context.pinLengths;
    if (!ranges.some((r) => pin.length >= r.minLength && pin.length <= r.maxLength))
      issue(name, `a PIN has ${ranges.map((r) => `${r.minLength} to ${r.maxLength}`).join(" or ")} digits`);
  };
  switch (credential.kind) {
    case "card":
      if (credential.facilityCode !== undefined && !context.facilityCodes)
        issue("facilityCode", "facility codes are turned off for this site");
      if (context.cardTaken(credential))
        issue("number", `card number ${credential.number} is already in use`);
      break;
    case "plate":
      if (context.plateTaken(credential)) issue("plate", `plate ${credential.plate} is already in use`);
      break;
    case "pin":
      if ("pin" in input) {
        checkLength(input.pin, "pin");
        if (input.duressPin !== undefined) checkLength(input.duressPin, "duressPin");
      }
      if (context.pinTaken(credential.pinTag, credential.id)) issue("pin", PIN_IN_USE);
      if (credential.duressTag === credential.pinTag)
        issue("duressPin", "the duress PIN must differ from the PIN");
      else if (credential.duressTag !== undefined && context.pinTaken(credential.duressTag, credential.id))
        issue("duressPin", PIN_IN_USE);
      break;
    case "mobile":
      break;
  }
  return issues;
};
