/** A card format turned into transmission-order positions and word masks, so decoding never re-reads the definition. */
import { shiftOf, wordOf } from "./bitWords";
import type { BitRange, CardFormat, CardFormatField } from "./CardFormat";

/**
 * A run of a field's bits that sit next to each other in one word of the packed frame: read with
 * one shift and mask, then bit-reversed when the field runs against transmission order.
 */
export interface FieldSegment {
  readonly word: number;
  readonly shift: number;
  readonly mask: number;
  readonly width: number;
  /** 2^width, kept because `2 ** width` with a variable width is slow. */
  readonly scale: number;
  readonly reversed: boolean;
}

/** A field in transmission-order positions, most significant bit first, and as word segments. */
export interface CompiledField {
  readonly positions: Int16Array;
  readonly segments: ReadonlyArray<FieldSegment>;
}

/** A parity rule in transmission-order positions and as per-word masks; `odd` is 1 for odd parity. */
export interface CompiledParity {
  readonly position: number;
  readonly over: Int16Array;
  readonly masks: Int32Array;
  readonly odd: 0 | 1;
}

/** A format's fields and parity rules ready for decoding and encoding. */
export interface CompiledCardFormat {
  readonly format: CardFormat;
  readonly card: CompiledField | undefined;
  readonly facility: CompiledField | undefined;
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

/** Splits MSB-first positions into maximal runs of neighbours in one word, ascending or descending. */
const segments = (msbFirst: Int16Array): Array<FieldSegment> => {
  const runs: Array<FieldSegment> = [];
  let start = 0;
  while (start < msbFirst.length) {
    const first = msbFirst[start]!;
    const step = msbFirst[start + 1]! - first;
    const direction = step === 1 || step === -1 ? step : 1;
    let end = start;
    while (
      end + 1 < msbFirst.length &&
      msbFirst[end + 1] === msbFirst[end]! + direction &&
      wordOf(msbFirst[end + 1]!) === wordOf(first)
    )
      end++;
    const width = end - start + 1;
    const last = direction === 1 ? msbFirst[end]! : first;
    runs.push({
      word: wordOf(first),
      shift: shiftOf(last),
      mask: width === 32 ? 0xffffffff : (1 << width) - 1,
      width,
      scale: 2 ** width,
      reversed: direction === -1 && width > 1,
    });
    start = end + 1;
  }
  return runs;
};

const compileField = (format: CardFormat, field: CardFormatField | undefined): CompiledField | undefined => {
  if (field === undefined) return undefined;
  const ascending = positions(format, [field.range]);
  const msbFirst = field.bitOrder === "big-endian" ? ascending : ascending.reverse();
  return { positions: msbFirst, segments: segments(msbFirst) };
};

const wordMasks = (bits: number, over: Int16Array): Int32Array => {
  const masks = new Int32Array(Math.ceil(bits / 32));
  for (const p of over) masks[wordOf(p)]! |= 1 << shiftOf(p);
  return masks;
};

/** Compiles a validated format. */
export const compileCardFormat = (format: CardFormat): CompiledCardFormat => ({
  format,
  card: compileField(format, format.cardNumber),
  facility: compileField(format, format.facilityCode),
  parity: format.parity.map((rule) => {
    const over = positions(format, rule.over);
    return {
      position: physicalPosition(format, rule.position),
      over,
      masks: wordMasks(format.bits, over),
      odd: rule.parity === "odd" ? 1 : 0,
    };
  }),
});
