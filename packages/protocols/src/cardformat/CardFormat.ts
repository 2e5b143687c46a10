/** The card-format definition (seed manual "Card formats and PIN") and its validation. */
import { Either, ParseResult, Schema } from "effect";
import { CardFormatError } from "./CardFormatError";

/** Longest frame a card format may describe (seed manual: bit length 1–256). */
export const MAX_CARD_FORMAT_BITS = 256;

const BitIndex = Schema.Int.pipe(Schema.between(0, MAX_CARD_FORMAT_BITS - 1));

/** An inclusive range of logical bit positions; position 0 is the frame's first bit. */
export const BitRange = Schema.Struct({ from: BitIndex, to: BitIndex }).pipe(
  Schema.filter((r) => r.from <= r.to || { path: ["to"], message: "`to` must not be before `from`" }),
);
/** An inclusive range of logical bit positions. */
export interface BitRange extends Schema.Schema.Type<typeof BitRange> {}

/** A card-number or facility-code field: where it sits, how it is shown, which end is significant. */
export const CardFormatField = Schema.Struct({
  range: BitRange,
  output: Schema.optionalWith(Schema.Literal("decimal", "hex"), { default: () => "decimal" }),
  /** `big-endian`: the range's first bit is the most significant (seed: "Bit order of subrange"). */
  bitOrder: Schema.optionalWith(Schema.Literal("big-endian", "little-endian"), {
    default: () => "big-endian",
  }),
});
/** A card-number or facility-code field. */
export interface CardFormatField extends Schema.Schema.Type<typeof CardFormatField> {}

/** A parity bit at `position` making the count of ones over `over` plus itself even or odd. */
export const ParityRule = Schema.Struct({
  position: BitIndex,
  parity: Schema.Literal("even", "odd"),
  over: Schema.Array(BitRange).pipe(Schema.minItems(1)),
});
/** A parity rule of a card format. */
export interface ParityRule extends Schema.Schema.Type<typeof ParityRule> {}

type Issue = { readonly path: ReadonlyArray<PropertyKey>; readonly message: string };

const inRange = (r: BitRange, i: number): boolean => r.from <= i && i <= r.to;

const fieldIssues = (
  name: "cardNumber" | "facilityCode",
  field: CardFormatField | undefined,
  bits: number,
): Array<Issue> =>
  field !== undefined && field.range.to >= bits
    ? [{ path: [name, "range", "to"], message: `beyond the format's ${bits} bits` }]
    : [];

const parityIssues = (
  rule: ParityRule,
  index: number,
  format: { bits: number; cardNumber?: CardFormatField; facilityCode?: CardFormatField },
  rules: ReadonlyArray<ParityRule>,
): Array<Issue> => {
  const at = ["parity", index];
  const issues: Array<Issue> = [];
  if (rule.position >= format.bits)
    issues.push({ path: [...at, "position"], message: `beyond the format's ${format.bits} bits` });
  rule.over.forEach((r, j) => {
    if (r.to >= format.bits)
      issues.push({ path: [...at, "over", j, "to"], message: `beyond the format's ${format.bits} bits` });
  });
  // A parity bit inside its own coverage or inside a field could never be both data and check.
  if (rule.over.some((r) => inRange(r, rule.position)))
    issues.push({ path: [...at, "over"], message: "covers its own parity bit" });
  for (const name of ["cardNumber", "facilityCode"] as const) {
    const field = format[name];
    if (field !== undefined && inRange(field.range, rule.position))
      issues.push({ path: [...at, "position"], message: `inside the ${name} field` });
  }
  if (rules.slice(0, index).some((e) => e.position === rule.position))
    issues.push({ path: [...at, "position"], message: "another parity rule uses this bit" });
  // Parity bits are computed in list order, so a rule may cover earlier parity bits only.
  const later = rules.slice(index + 1).findIndex((e) => rule.over.some((r) => inRange(r, e.position)));
  if (later >= 0)
    issues.push({
      path: [...at, "over"],
      message: `covers the parity bit of parity[${index + 1 + later}]: list that rule first`,
    });
  return issues;
};

const overlaps = (a: BitRange, b: BitRange): boolean => a.from <= b.to && b.from <= a.to;

/** A card format: bit length, whole-frame inversions, fields and parity rules (DESIGN §3). */
export const CardFormat = Schema.Struct({
  name: Schema.Trim.pipe(Schema.nonEmptyString()),
  bits: Schema.Int.pipe(Schema.between(1, MAX_CARD_FORMAT_BITS)),
  invertBitOrder: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  invertByteOrder: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  cardNumber: Schema.optionalWith(CardFormatField, { exact: true }),
  facilityCode: Schema.optionalWith(CardFormatField, { exact: true }),
  /** Checked all, computed in this order on encoding (C1k35s's outer parity covers the inner ones). */
  parity: Schema.optionalWith(Schema.Array(ParityRule), { default: () => [] }),
}).pipe(
  Schema.filter((f): ReadonlyArray<Issue> => {
    const issues: Array<Issue> = [];
    if (f.invertByteOrder && f.bits % 8 !== 0)
      issues.push({ path: ["invertByteOrder"], message: "only for a bit length divisible by 8" });
    if (f.cardNumber === undefined && f.facilityCode === undefined)
      issues.push({ path: ["cardNumber"], message: "either card number or facility code must be active" });
    issues.push(
      ...fieldIssues("cardNumber", f.cardNumber, f.bits),
      ...fieldIssues("facilityCode", f.facilityCode, f.bits),
    );
    if (
      f.cardNumber !== undefined &&
      f.facilityCode !== undefined &&
      overlaps(f.cardNumber.range, f.facilityCode.range)
    )
      issues.push({ path: ["facilityCode", "range"], message: "overlaps the card number" });
    f.parity.forEach((rule, i) => issues.push(...parityIssues(rule, i, f, f.parity)));
    return issues;
  }),
);
/** A validated card format. */
export interface CardFormat extends Schema.Schema.Type<typeof CardFormat> {}
/** A card format as written in configuration (defaults omitted). */
export type CardFormatInput = Schema.Schema.Encoded<typeof CardFormat>;

const fieldPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) =>
      typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    "",
  );

const decode = Schema.decodeUnknownEither(CardFormat, { errors: "all" });

/** Validates a card-format definition; the error names the first offending field. */
export const validateCardFormat = (input: unknown): Either.Either<CardFormat, CardFormatError> =>
  Either.mapLeft(decode(input), (error) => {
    const first = ParseResult.ArrayFormatter.formatErrorSync(error)[0];
    return new CardFormatError({
      field: first === undefined ? "" : fieldPath(first.path),
      message: first?.message ?? error.message,
    });
  });
