/** Card decoding for simulated sites: the default active card formats of the protocols package. */
import type { CardDecoder } from "@portcullis/engine";
import { activeCardReader } from "@portcullis/protocols";

/** Decodes raw bits with the default active card formats. */
export const defaultCardDecoder = (): CardDecoder => {
  const read = activeCardReader();
  return (_readerId, bits) => read(bits);
};
