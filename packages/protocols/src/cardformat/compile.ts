/** A card format turned into physical bit positions, so decoding never re-reads the definition. */
import type { BitRange, CardFormat, CardFormatField } from "./CardFormat";

/** A parity rule in transmission-order positions; `odd` is 1 for odd parity. */
export interface CompiledParity {
  readonly position: number;
  readonly over: Int16Array;
  readonly odd: 0 | 1;
}

/**
 * A format's fields and parity in transmission-order positions. Field positions are listed most
 * significant bit first.
 */
export interface CompiledCardFormat {
  readonly format: CardFormat;
  readonly card: Int16Array | undefined;
  readonly facility: Int16Array | undefined;
  readonly parity: ReadonlyArray<CompiledParity>;
}

/**
 * Where logical bit `i` sits in the frame as transmitted. Both inversions apply to the whole raw
 * frame (DESIGN §3); they commute, so their order does not matter.
 */
const physicalPosition = (format: CardFormat, i: number): number => {
  const byteSwapped = format.invertByteOrder ? 8 * ((format.bits >> 3) - 1 - (i >> 3)) + (i & 7) : i;
  return format.invertBitOrder ? format.bits - 1 - byteSwapped : byteSwapped;
};

const positions = (format: CardFormat, ranges: ReadonlyArray<BitRange>): Int16Array => {
  const logical = ranges.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, k) => r.from + k));
  return Int16Array.from(logical, (i) => physicalPosition(format, i));
};

const fieldPositions = (format: CardFormat, field: CardFormatField | undefined): Int16Array | undefined => {
  if (field === undefined) return undefined;
  const msbFirst = positions(format, [field.range]);
  return field.bitOrder === "big-endian" ? msbFirst : msbFirst.reverse();
};

/** Compiles a validated format. */
export const compileCardFormat = (format: CardFormat): CompiledCardFormat => ({
  format,
  card: fieldPositions(format, format.cardNumber),
  facility: fieldPositions(format, format.facilityCode),
  parity: format.parity.map((rule) => ({
    position: physicalPosition(format, rule.position),
    over: positions(format, rule.over),
    odd: rule.parity === "odd" ? 1 : 0,
  })),
});
