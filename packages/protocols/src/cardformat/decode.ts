/** Decoding one frame with one card format; every outcome is a value, never an exception. */
import { packBits, popcount32, reverse32, shiftOf, wordOf } from "./bitWords";
import type { CompiledCardFormat, CompiledField, CompiledParity } from "./compile";

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

/** True when `bits` holds only `0` and `1`. */
export const isBitString = (bits: string): boolean => packBits(bits) !== undefined;

/** Bits gathered in a number before moving into the bigint: exact below 2^53, one chunk for ≤ 48-bit fields. */
const CHUNK = 48;

const readField = (words: Int32Array, field: CompiledField): bigint => {
  let value = 0n;
  let chunk = 0;
  let count = 0;
  const segments = field.segments;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const raw = ((words[s.word]! >>> s.shift) & s.mask) >>> 0;
    if (count + s.width > CHUNK) {
      value = (value << BigInt(count)) | BigInt(chunk);
      chunk = 0;
      count = 0;
    }
    chunk = chunk * s.scale + (s.reversed ? reverse32(raw) >>> (32 - s.width) : raw);
    count += s.width;
  }
  return value === 0n ? BigInt(chunk) : (value << BigInt(count)) | BigInt(chunk);
};

const parityHolds = (words: Int32Array, rule: CompiledParity): boolean => {
  let ones = rule.odd + ((words[wordOf(rule.position)]! >>> shiftOf(rule.position)) & 1);
  const masks = rule.masks;
  for (let i = 0; i < masks.length; i++) ones += popcount32(words[i]! & masks[i]!);
  return (ones & 1) === 0;
};

/** Reads a frame of the format's length; a frame with anything but `0` and `1` is malformed. */
export const readCardFrame = (compiled: CompiledCardFormat, bits: string): CardDecoded | MalformedFrame => {
  const words = packBits(bits);
  if (words === undefined) return malformed;
  let parityOk = true;
  for (let i = 0; i < compiled.parity.length; i++) parityOk &&= parityHolds(words, compiled.parity[i]!);
  const decoded: { -readonly [K in keyof CardDecoded]: CardDecoded[K] } = {
    _tag: "CardDecoded",
    format: compiled.format.name,
    parityOk,
  };
  if (compiled.facility !== undefined) decoded.facility = readField(words, compiled.facility);
  if (compiled.card !== undefined) decoded.card = readField(words, compiled.card);
  return decoded;
};

/** The one answer to a frame that is not a bit string. */
export const malformed: MalformedFrame = { _tag: "MalformedFrame", message: "a frame holds only 0 and 1" };
