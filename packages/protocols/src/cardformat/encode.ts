/** Encoding card fields into a frame with correct parity: the inverse of decoding. */
import { Either } from "effect";
import type { CompiledCardFormat } from "./compile";
import { CardFormatError } from "./CardFormatError";

/** The field values to encode; an absent field of the format is encoded as 0. */
export interface CardFields {
  readonly facility?: bigint;
  readonly card?: bigint;
}

const writeField = (
  frame: Uint8Array,
  msbFirst: Int16Array | undefined,
  value: bigint | undefined,
  field: "facility" | "card",
): CardFormatError | undefined => {
  if (value === undefined) return undefined;
  if (msbFirst === undefined)
    return value === 0n ? undefined : new CardFormatError({ field, message: "the format has no such field" });
  const width = msbFirst.length;
  if (value < 0n || value >> BigInt(width) !== 0n)
    return new CardFormatError({ field, message: `${value} does not fit in ${width} bits` });
  let rest = value;
  for (let k = width - 1; k >= 0; k--) {
    frame[msbFirst[k]!] = Number(rest & 1n);
    rest >>= 1n;
  }
  return undefined;
};

/** Builds the frame, in transmission order, that decodes to `fields`. */
export const encodeCardFrame = (
  compiled: CompiledCardFormat,
  fields: CardFields,
): Either.Either<string, CardFormatError> => {
  const frame = new Uint8Array(compiled.format.bits);
  const error =
    writeField(frame, compiled.facility?.positions, fields.facility, "facility") ??
    writeField(frame, compiled.card?.positions, fields.card, "card");
  if (error !== undefined) return Either.left(error);
  for (const rule of compiled.parity) {
    let ones = rule.odd;
    for (const p of rule.over) ones += frame[p]!;
    frame[rule.position] = ones & 1;
  }
  return Either.right(frame.join(""));
};
