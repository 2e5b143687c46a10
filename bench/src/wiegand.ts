/** Wiegand hot path: decoding card frames with a site's active card formats. */
import { activeCardFormatSet, decodeCardFrame, defaultCardFormatLibrary } from "@portcullis/protocols";
import { Either } from "effect";
import { type BenchResult, perSecond } from "./measure";

// H10301 (26 bits) and H10302 (37 bits) frames from the shared vectors: the common lengths.
const frames = [
  "10010101000000000010001010",
  "10001010100111110000100100",
  "0000000000000000000000000000000000010",
];

/** `wiegand.decodes_per_s`: frames decoded per second against the default site's active set. */
export const wiegandBench = (): Array<BenchResult> => {
  const set = Either.getOrThrow(activeCardFormatSet(defaultCardFormatLibrary));
  let i = 0;
  let parityOk = 0;
  const rate = perSecond(() => {
    const read = decodeCardFrame(set, frames[i++ % frames.length]!);
    // Consumed, so the decode cannot be optimised away.
    if (read._tag === "CardDecoded" && read.parityOk) parityOk++;
  });
  if (parityOk === 0) throw new Error("wiegand bench: no frame decoded");
  return [{ name: "wiegand.decodes_per_s", unit: "decodes/s", ...rate }];
};
