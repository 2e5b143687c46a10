/** The shared Wiegand vectors (copied from shared/vectors/wiegand/formats.json into test/fixtures/wiegand). */
import { readFileSync } from "node:fs";

/** One sourced frame and the fields it holds. */
export interface WiegandVector {
  readonly format: string;
  readonly bits: string;
  readonly facility: number | null;
  readonly card: number;
  readonly source: string;
}

/** Every vector of the shared file. */
export const wiegandVectors: ReadonlyArray<WiegandVector> = JSON.parse(
  readFileSync(new URL("../fixtures/wiegand/formats.json", import.meta.url), "utf8"),
).vectors;
