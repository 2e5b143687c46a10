/** A set of card formats a reader decodes with, indexed by bit length (DESIGN §3 "Reader"). */
import { Either } from "effect";
import { type CardFormat, type CardFormatField, MAX_CARD_FORMAT_BITS } from "./CardFormat";
import { CardFormatError } from "./CardFormatError";
import { type CompiledCardFormat, compileCardFormat } from "./compile";
import { type CardDecodeResult, isBitString, malformed, readCardFrame } from "./decode";

/** A validated set: no two formats share a bit length, so a frame's length picks its format. */
export interface CardFormatSet {
  readonly formats: ReadonlyArray<CardFormat>;
  /** Indexed by bit length. */
  readonly byLength: ReadonlyArray<CompiledCardFormat | undefined>;
}

/** Builds a set; refuses two formats of one bit length (seed: "can't be active at the same time"). */
export const makeCardFormatSet = (
  formats: ReadonlyArray<CardFormat>,
): Either.Either<CardFormatSet, CardFormatError> => {
  const byLength: Array<CompiledCardFormat | undefined> = Array.from(
    { length: MAX_CARD_FORMAT_BITS + 1 },
    () => undefined,
  );
  for (const [i, format] of formats.entries()) {
    const clash = byLength[format.bits];
    if (clash !== undefined)
      return Either.left(
        new CardFormatError({
          field: `formats[${i}].bits`,
          message: `${format.name} has the same bit length (${format.bits}) as ${clash.format.name}`,
        }),
      );
    byLength[format.bits] = compileCardFormat(format);
  }
  return Either.right({ formats, byLength });
};

/** Decodes a frame (bits in transmission order) with the set's format of that length. */
export const decodeCardFrame = (set: CardFormatSet, bits: string): CardDecodeResult => {
  const compiled = set.byLength[bits.length];
  if (compiled !== undefined) return readCardFrame(compiled, bits);
  return isBitString(bits) ? { _tag: "UnknownLength", length: bits.length } : malformed;
};

const fieldKey = (f: CardFormatField | undefined) => f && [f.range.from, f.range.to, f.output, f.bitOrder];

/** Every setting of a format in a fixed order, whatever order its object's keys were built in. */
const cardFormatKey = (f: CardFormat): string =>
  JSON.stringify([
    f.name,
    f.bits,
    f.invertBitOrder,
    f.invertByteOrder,
    fieldKey(f.cardNumber),
    fieldKey(f.facilityCode),
    f.parity.map((p) => [p.position, p.parity, p.over.map((r) => [r.from, r.to])]),
  ]);

/**
 * True when two sets would decode differently: a reader whose custom set differs from the site's
 * is flagged (seed: "A warning icon displays … different from the configured system setup").
 */
export const cardFormatSetsDiffer = (a: CardFormatSet, b: CardFormatSet): boolean => {
  const keys = (s: CardFormatSet): string => s.formats.map(cardFormatKey).sort().join("\n");
  return keys(a) !== keys(b);
};
