/**
 * Cardholders and credentials to and from their JSON form, written out by hand. These are the lists of
 * 100 000 that an import, an export, a store and a replica move whole, and Effect Schema's generic
 * walk costs ≈ 20 µs an item each way: three seconds of a 100 000-row import per pass.
 *
 * The schemas stay the definition. A fast decoder answers only for input it is sure of (plain objects,
 * canonical values) and otherwise leaves it to Schema, which names what is wrong; the encoders cover
 * every variant. Property tests hold both to Schema's own results, key order included.
 */
import { Either, type ParseResult, Schema } from "effect";
import { Cardholder, type CustomField, MAX_CUSTOM_FIELDS } from "./Cardholder";
import {
  CardCredential,
  type Credential,
  type CredentialInput,
  MobileCredential,
  normalisePlate,
  parseInstant,
  PinCredential,
  PlainPinCredential,
  PlateCredential,
  CredentialInput as CredentialInputSchema,
} from "./Credential";

type Doc = Record<string, unknown>;
type CredentialValidity = CardCredential["validity"];
type ValidTo = CredentialValidity["validTo"];

// ---- encoding -------------------------------------------------------------------------------------

/** A cardholder's JSON form: its own fields, in the schema's order. */
export const encodeCardholder = (c: Cardholder): Doc => {
  const out: Doc = { id: c.id, firstName: c.firstName, lastName: c.lastName };
  if (c.email !== undefined) out["email"] = c.email;
  if (c.photoPath !== undefined) out["photoPath"] = c.photoPath;
  out["customFields"] = c.customFields.map((f) => ({ name: f.name, value: f.value }));
  out["longAccess"] = c.longAccess;
  out["suspended"] = c.suspended;
  out["allowDoubleSwipe"] = c.allowDoubleSwipe;
  out["exemptFromLockdown"] = c.exemptFromLockdown;
  out["exemptFromAntiPassback"] = c.exemptFromAntiPassback;
  out["global"] = c.global;
  return out;
};

const iso = (ms: number): string => new Date(ms).toISOString();

const encodeValidTo = (v: ValidTo): Doc => {
  switch (v.kind) {
    case "none":
      return { kind: v.kind };
    case "date":
      return { kind: v.kind, at: iso(v.at) };
    case "uses":
      return { kind: v.kind, count: v.count };
    default:
      return { kind: v.kind, period: { unit: v.period.unit, amount: v.period.amount } };
  }
};

const encodeValidity = (v: CredentialValidity): Doc =>
  v.validFrom === undefined
    ? { validTo: encodeValidTo(v.validTo) }
    : { validFrom: iso(v.validFrom), validTo: encodeValidTo(v.validTo) };

/** A stored credential's JSON form: card numbers as decimal strings, instants as ISO strings, in the schema's order. */
export const encodeCredential = (c: Credential): Doc => {
  const out: Doc = { id: c.id, cardholderId: c.cardholderId, name: c.name, kind: c.kind };
  switch (c.kind) {
    case "card":
      out["number"] = c.number.toString();
      if (c.bitLength !== undefined) out["bitLength"] = c.bitLength;
      if (c.facilityCode !== undefined) out["facilityCode"] = c.facilityCode.toString();
      out["validity"] = encodeValidity(c.validity);
      return out;
    case "pin":
      out["pinTag"] = c.pinTag;
      if (c.duressTag !== undefined) out["duressTag"] = c.duressTag;
      out["length"] = c.length;
      return out;
    case "plate":
      out["plate"] = c.plate;
      out["validity"] = encodeValidity(c.validity);
      return out;
    case "mobile":
      out["identifier"] = c.identifier;
      return out;
  }
};

// ---- the fast decoders: `undefined` means "not sure; ask Schema" -------------------------------------

/** A plain JSON object whose own keys are all among `keys`. */
const plainWith = (input: unknown, keys: ReadonlySet<string>): input is Doc => {
  if (typeof input !== "object" || input === null) return false;
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.getOwnPropertySymbols(input).length > 0) return false;
  for (const key of Object.keys(input)) if (!keys.has(key)) return false;
  return true;
};

const isString = (v: unknown): v is string => typeof v === "string";
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const positiveInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
/** Only the canonical decimal form: anything else (signs, spaces, leading zeros, hex) goes to Schema. */
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const DIGITS = /^\d+$/;

const CARDHOLDER_KEYS = new Set(Object.keys(Cardholder.fields));
const CUSTOM_FIELD_KEYS = new Set(["name", "value"]);
const FLAGS = [
  "longAccess",
  "suspended",
  "allowDoubleSwipe",
  "exemptFromLockdown",
  "exemptFromAntiPassback",
  "global",
] as const;

const fastCustomFields = (v: unknown): CustomField[] | undefined => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_CUSTOM_FIELDS) return undefined;
  const out: CustomField[] = [];
  for (const f of v) {
    if (!plainWith(f, CUSTOM_FIELD_KEYS) || !nonEmpty(f["name"]) || !isString(f["value"])) return undefined;
    out.push({ name: f["name"], value: f["value"] });
  }
  return out;
};

const fastCardholder = (input: unknown): Cardholder | undefined => {
  if (!plainWith(input, CARDHOLDER_KEYS)) return undefined;
  const { id, firstName, lastName, email, photoPath } = input;
  if (!nonEmpty(id) || !isString(firstName) || !isString(lastName)) return undefined;
  if (("email" in input && !isString(email)) || ("photoPath" in input && !isString(photoPath)))
    return undefined;
  const customFields = fastCustomFields(input["customFields"]);
  if (customFields === undefined) return undefined;
  const flags: Record<string, boolean> = {};
  for (const flag of FLAGS) {
    const v = input[flag];
    if (v !== undefined && typeof v !== "boolean") return undefined;
    flags[flag] = v ?? false;
  }
  const out: Doc = { id, firstName, lastName };
  if (email !== undefined) out["email"] = email;
  if (photoPath !== undefined) out["photoPath"] = photoPath;
  out["customFields"] = customFields;
  return Object.assign(out, flags) as unknown as Cardholder;
};

const PERIOD_KEYS = new Set(["unit", "amount"]);
const UNITS = new Set(["days", "months", "years"]);
const VALID_TO_KEYS: Record<string, ReadonlySet<string>> = {
  none: new Set(["kind"]),
  date: new Set(["kind", "at"]),
  uses: new Set(["kind", "count"]),
  "first-use": new Set(["kind", "period"]),
  "last-use": new Set(["kind", "period"]),
};
const VALIDITY_KEYS = new Set(["validFrom", "validTo"]);

const fastValidTo = (v: unknown): ValidTo | undefined => {
  if (v === undefined) return { kind: "none" };
  const kind = typeof v === "object" && v !== null ? (v as Doc)["kind"] : undefined;
  const keys = typeof kind === "string" ? VALID_TO_KEYS[kind] : undefined;
  if (keys === undefined || !plainWith(v, keys)) return undefined;
  switch (kind) {
    case "none":
      return { kind };
    case "date": {
      const at = isString(v["at"]) ? parseInstant(v["at"]) : undefined;
      return at === undefined ? undefined : { kind, at };
    }
    case "uses":
      return positiveInt(v["count"]) ? { kind, count: v["count"] } : undefined;
    default: {
      const p = v["period"];
      if (!plainWith(p, PERIOD_KEYS) || !UNITS.has(p["unit"] as string) || !positiveInt(p["amount"]))
        return undefined;
      return {
        kind: kind as "first-use" | "last-use",
        period: { unit: p["unit"] as "days" | "months" | "years", amount: p["amount"] },
      };
    }
  }
};

const fastValidity = (v: unknown): CredentialValidity | undefined => {
  if (v === undefined) return { validTo: { kind: "none" } };
  if (!plainWith(v, VALIDITY_KEYS)) return undefined;
  const validTo = fastValidTo(v["validTo"]);
  if (validTo === undefined) return undefined;
  if (!("validFrom" in v)) return { validTo };
  const validFrom = isString(v["validFrom"]) ? parseInstant(v["validFrom"]) : undefined;
  return validFrom === undefined ? undefined : { validFrom, validTo };
};

const keysOf = (schema: { readonly fields: object }): ReadonlySet<string> =>
  new Set(Object.keys(schema.fields));
const CARD_KEYS = keysOf(CardCredential);
const PIN_KEYS = keysOf(PinCredential);
const PLAIN_PIN_KEYS = keysOf(PlainPinCredential);
const PLATE_KEYS = keysOf(PlateCredential);
const MOBILE_KEYS = keysOf(MobileCredential);

const fastCredential = (input: unknown): CredentialInput | undefined => {
  if (typeof input !== "object" || input === null) return undefined;
  const kind = (input as Doc)["kind"];
  const keys =
    kind === "card"
      ? CARD_KEYS
      : kind === "pin"
        ? "pinTag" in input
          ? PIN_KEYS
          : PLAIN_PIN_KEYS
        : kind === "plate"
          ? PLATE_KEYS
          : kind === "mobile"
            ? MOBILE_KEYS
            : undefined;
  if (keys === undefined || !plainWith(input, keys)) return undefined;
  const { id, cardholderId, name } = input;
  if (!nonEmpty(id) || !nonEmpty(cardholderId) || !isString(name)) return undefined;
  const out: Doc = { id, cardholderId, name, kind };
  if (kind === "card") {
    const { number, bitLength, facilityCode } = input;
    if (!isString(number) || !DECIMAL.test(number)) return undefined;
    if (bitLength !== undefined && !(positiveInt(bitLength) && bitLength <= 256)) return undefined;
    if (facilityCode !== undefined && !(isString(facilityCode) && DECIMAL.test(facilityCode)))
      return undefined;
    const validity = fastValidity(input["validity"]);
    if (validity === undefined) return undefined;
    out["number"] = BigInt(number);
    if (bitLength !== undefined) out["bitLength"] = bitLength;
    if (facilityCode !== undefined) out["facilityCode"] = BigInt(facilityCode);
    out["validity"] = validity;
  } else if (kind === "pin" && keys === PIN_KEYS) {
    const { pinTag, duressTag, length } = input;
    if (!nonEmpty(pinTag) || !positiveInt(length)) return undefined;
    if ("duressTag" in input && !nonEmpty(duressTag)) return undefined;
    out["pinTag"] = pinTag;
    if (duressTag !== undefined) out["duressTag"] = duressTag;
    out["length"] = length;
  } else if (kind === "pin") {
    const { pin, duressPin } = input;
    if (!isString(pin) || !DIGITS.test(pin)) return undefined;
    if ("duressPin" in input && !(isString(duressPin) && DIGITS.test(duressPin))) return undefined;
    out["pin"] = pin;
    if (duressPin !== undefined) out["duressPin"] = duressPin;
  } else if (kind === "plate") {
    const plate = isString(input["plate"]) ? normalisePlate(input["plate"]) : "";
    const validity = fastValidity(input["validity"]);
    if (plate === "" || validity === undefined) return undefined;
    out["plate"] = plate;
    out["validity"] = validity;
  } else {
    if (!nonEmpty(input["identifier"])) return undefined;
    out["identifier"] = input["identifier"];
  }
  return out as unknown as CredentialInput;
};

// ---- the decoders ----------------------------------------------------------------------------------

const strict = { errors: "all", onExcessProperty: "error" } as const;
const schemaCardholder = Schema.decodeUnknownEither(Cardholder, strict);
const schemaCredential = {
  card: Schema.decodeUnknownEither(CardCredential, strict),
  pin: Schema.decodeUnknownEither(PinCredential, strict),
  plainPin: Schema.decodeUnknownEither(PlainPinCredential, strict),
  plate: Schema.decodeUnknownEither(PlateCredential, strict),
  mobile: Schema.decodeUnknownEither(MobileCredential, strict),
  any: Schema.decodeUnknownEither(CredentialInputSchema, strict),
};

/** Decodes one cardholder (strict: unknown fields are errors). */
export const decodeCardholder = (input: unknown): Either.Either<Cardholder, ParseResult.ParseError> => {
  const fast = fastCardholder(input);
  return fast === undefined ? schemaCardholder(input) : Either.right(fast);
};

/** Decodes one credential by its `kind`, so errors name its own fields rather than every union member's. */
export const decodeCredential = (input: unknown): Either.Either<CredentialInput, ParseResult.ParseError> => {
  const fast = fastCredential(input);
  if (fast !== undefined) return Either.right(fast);
  const raw = typeof input === "object" && input !== null ? (input as Doc) : {};
  switch (raw["kind"]) {
    case "card":
      return schemaCredential.card(input);
    case "pin":
      return "pinTag" in raw ? schemaCredential.pin(input) : schemaCredential.plainPin(input);
    case "plate":
      return schemaCredential.plate(input);
    case "mobile":
      return schemaCredential.mobile(input);
    default:
      return schemaCredential.any(input);
  }
};
