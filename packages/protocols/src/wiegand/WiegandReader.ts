/** A Wiegand reader's decoding setup: its effective card formats and its keypad (DESIGN §3, §7). */
import { Data, Either } from "effect";
import { type CardDecodeResult, type CardFormatSet, decodeCardFrame, isBitString } from "../cardformat";
import { decodeKeypadBurst, type KeyPressed, type KeypadMapping, type KeypadRejected } from "./keypad";

/** A reader setup was refused; `field` names the offending setting. */
export class WiegandReaderError extends Data.TaggedError("WiegandReaderError")<{
  readonly field: string;
  readonly message: string;
}> {}

/** A validated reader setup. */
export interface WiegandReader {
  /** The reader's effective formats: its custom set, else the site's active set. */
  readonly formats: CardFormatSet;
  /** Present when the reader sends keypad bursts. */
  readonly keypad: KeypadMapping | undefined;
}

/** Everything a Wiegand frame can turn out to be. */
export type WiegandRead = CardDecodeResult | KeyPressed | KeypadRejected;

/** Bit lengths of keypad bursts; a keypad reader cannot also have card formats of these lengths. */
const keypadBurstLengths = [4, 8] as const;

const mappingError = (mapping: KeypadMapping): WiegandReaderError | undefined => {
  for (const key of ["star", "hash"] as const) {
    const value = mapping[key];
    if (!Number.isInteger(value) || value < 10 || value > 15)
      return new WiegandReaderError({
        field: `keypad.${key}`,
        message: "must be a burst value from 10 to 15",
      });
  }
  return mapping.star === mapping.hash
    ? new WiegandReaderError({ field: "keypad.hash", message: "same value as keypad.star" })
    : undefined;
};

/** Validates a reader setup: a keypad reader must not have active 4- or 8-bit card formats. */
export const makeWiegandReader = (
  formats: CardFormatSet,
  keypad?: KeypadMapping,
): Either.Either<WiegandReader, WiegandReaderError> => {
  if (keypad === undefined) return Either.right({ formats, keypad });
  const mappingInvalid = mappingError(keypad);
  if (mappingInvalid !== undefined) return Either.left(mappingInvalid);
  const clash = keypadBurstLengths.map((n) => formats.byLength[n]).find((c) => c !== undefined);
  return clash === undefined
    ? Either.right({ formats, keypad })
    : Either.left(
        new WiegandReaderError({
          field: "keypad",
          message: `${clash.format.name} is a ${clash.format.bits}-bit card format: a keypad reader's bursts would be ambiguous`,
        }),
      );
};

/** Decodes one frame (bits in transmission order): a key press on a keypad reader, else a card. */
export const decodeWiegandFrame = (reader: WiegandReader, bits: string): WiegandRead =>
  reader.keypad !== undefined && (bits.length === 4 || bits.length === 8) && isBitString(bits)
    ? decodeKeypadBurst(bits, reader.keypad)
    : decodeCardFrame(reader.formats, bits);
