/** Card decoding for simulated sites: the default active card formats of the protocols package. */
import { Either } from "effect";
import type { CardDecoder } from "@portcullis/engine";
import { activeCardFormatSet, cardReadOf, defaultCardFormatLibrary } from "@portcullis/protocols";

/** Decodes raw bits with the default active card formats. */
export const defaultCardDecoder = (): CardDecoder => {
  const set = Either.getOrThrow(activeCardFormatSet(defaultCardFormatLibrary));
  return (_readerId, bits) => cardReadOf(set, bits);
};
