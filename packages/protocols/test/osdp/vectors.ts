/** The shared OSDP vectors (copied from shared/vectors/osdp into test/fixtures/osdp) and test helpers. */
import { readFileSync } from "node:fs";
import { type Crypto, nodeCrypto } from "../../src/crypto";
import { fromHex } from "../../src/osdp";
import frames from "../fixtures/osdp/frames.json";
import secureChannel from "../fixtures/osdp/secure-channel.json";

/** One entry of frames.json. */
export interface FrameVector {
  readonly name: string;
  readonly frame: string;
  readonly source: string;
  readonly meaning: string;
  readonly checkOk: boolean;
}

/** frames.json. */
export const frameVectors: ReadonlyArray<FrameVector> = frames;

/** secure-channel.json. */
export const scVectors = secureChannel;

/** cp-pd-transcript-plain.txt. */
export const transcriptText = readFileSync(
  new URL("../fixtures/osdp/cp-pd-transcript-plain.txt", import.meta.url),
  "utf8",
);

/** Hex to bytes, failing the test on bad hex. */
export const hex = (text: string): Uint8Array => {
  const bytes = fromHex(text);
  if (bytes === undefined) throw new Error(`bad hex in test: ${text}`);
  return bytes;
};

/** nodeCrypto with a reproducible random source (a counter), so sessions replay identically. */
export const seededCrypto = (seed: number): Crypto => {
  let state = seed;
  return {
    ...nodeCrypto,
    random: (length) =>
      Uint8Array.from({ length }, () => {
        state = (state * 1103515245 + 12345) >>> 0;
        return state >>> 24;
      }),
  };
};
