/** Decoding one frame with one card format; every outcome is a value, never an exception. */
import type { CompiledCardFormat, CompiledParity } from "./compile";

/** A frame read with a format. A parity failure is reported here, not thrown (DESIGN §7). */
export interface CardDecoded {
  readonly _tag: "CardDecoded";
  readonly format: string;
  readonly facility?: bigint;
  readonly card?: bigint;
  readonly parityOk: boolean;
}

/** No format of the set has the frame's bit length. */
export interface UnknownLength {
  readonly _tag: "UnknownLength";
  readonly length: number;
}

/** The frame is not a string of `0` and `1`. */
export interface MalformedFrame {
  readonly _tag: "MalformedFrame";
  readonly message: string;
}

/** What decoding a frame against a set of formats can give. */
export type CardDecodeResult = CardDecoded | UnknownLength | MalformedFrame;

/** True when `bits` holds only `0` and `1` (`'0' | 1` and `'1' | 1` are both `'1'`). */
export const isBitString = (bits: string): boolean => {
  for (let i = 0; i < bits.length; i++) if ((bits.charCodeAt(i) | 1) !== 49) return false;
  return true;
};

/** Bits gathered in a number before moving into the bigint: exact below 2^53, one chunk for ≤ 48-bit fields. */
const CHUNK = 48;
const CHUNK_SHIFT = BigInt(CHUNK);

const readField = (bits: string, msbFirst: Int16Array): bigint => {
  let value = 0n;
  let chunk = 0;
  let count = 0;
  // Indexed loops: for-of over a typed array measured ~1.5x slower here.
  for (let i = 0; i < msbFirst.length; i++) {
    chunk = chunk * 2 + (bits.charCodeAt(msbFirst[i]!) & 1);
    if (++count === CHUNK) {
      value = (value << CHUNK_SHIFT) | BigInt(chunk);
      chunk = 0;
      count = 0;
    }
  }
  return value === 0n ? BigInt(chunk) : (value << BigInt(count)) | BigInt(chunk);
};

const parityHolds = (bits: string, rule: CompiledParity): boolean => {
  let ones = rule.odd + (bits.charCodeAt(rule.position) & 1);
  const over = rule.over;
  for (let i = 0; i < over.length; i++) ones += bits.charCodeAt(over[i]!) & 1;
  return (ones & 1) === 0;
};

/** Reads a frame already known to be a bit string of the format's length. */
export const readCardFrame = (compiled: CompiledCardFormat, bits: string): CardDecoded => {
  let parityOk = true;
  for (const rule of compiled.parity) parityOk &&= parityHolds(bits, rule);
  const decoded: { -readonly [K in keyof CardDecoded]: CardDecoded[K] } = {
    _tag: "CardDecoded",
    format: compiled.format.name,
    parityOk,
  };
  if (compiled.facility !== undefined) decoded.facility = readField(bits, compiled.facility);
  if (compiled.card !== undefined) decoded.card = readField(bits, compiled.card);
  return decoded;
};
