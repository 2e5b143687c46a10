/** Wiegand hot path: decoding card frames with a site's active card formats. */
import { activeCardFormatSet, decodeCardFrame, defaultCardFormatLibrary } from "@portcullis/protocols";
import { Either } from "effect";

const MEASURE_MS = 1000;
const BATCH = 1000;

// H10301 (26 bits) and H10302 (37 bits) frames from the shared vectors: the common lengths.
const frames = [
  "10010101000000000010001010",
  "10001010100111110000100100",
  "0000000000000000000000000000000000010",
];

/** `wiegand.decodes_per_s`: frames decoded per second against the default site's active set. */
export const wiegandBench = (): Array<{ name: string; value: number; unit: string; n: number }> => {
  const set = Either.getOrThrow(activeCardFormatSet(defaultCardFormatLibrary));
  let parityOk = 0;
  const decodeBatch = (): void => {
    for (let i = 0; i < BATCH; i++) {
      const read = decodeCardFrame(set, frames[i % frames.length]!);
      // Consumed, so the decode cannot be optimised away.
      if (read._tag === "CardDecoded" && read.parityOk) parityOk++;
    }
  };
  const warmUntil = performance.now() + 100;
  while (performance.now() < warmUntil) decodeBatch();
  let n = 0;
  let elapsed = 0;
  const start = performance.now();
  while (elapsed < MEASURE_MS) {
    decodeBatch();
    n += BATCH;
    elapsed = performance.now() - start;
  }
  if (parityOk === 0) throw new Error("wiegand bench: no frame decoded");
  return [{ name: "wiegand.decodes_per_s", value: Math.round((n * 1000) / elapsed), unit: "decodes/s", n }];
};
