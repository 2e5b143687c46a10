/** Card decoding for simulated sites: the site's active card formats from the protocols package. */
import { Either } from "effect";
import type { CardDecoder } from "@portcullis/engine";
import { activeCardFormatSet, decodeCardFrame, defaultCardFormatLibrary } from "@portcullis/protocols";

/** Decodes raw bits with the default active card formats; a parity failure reads as an unknown card. */
export const defaultCardDecoder = (): CardDecoder => {
  const set = Either.getOrThrow(activeCardFormatSet(defaultCardFormatLibrary));
  return (_readerId, bits) => {
    const read = decodeCardFrame(set, bits);
    if (read._tag !== "CardDecoded") return { card: undefined };
    if (!read.parityOk || read.card === undefined) return { card: undefined, format: read.format };
    return {
      card: { number: read.card, ...(read.facility !== undefined && { facility: read.facility }) },
      format: read.format,
    };
  };
};
