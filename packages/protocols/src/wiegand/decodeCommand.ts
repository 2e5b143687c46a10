/** The pure core of `portcullis wiegand decode --format NAME BITS` (DESIGN §8). */
import { type CardFormat, compileCardFormat, predefinedCardFormats, readCardFrame } from "../cardformat";

/** The command's JSON output; field values as decimal strings, `null` when the format has no such field. */
export type WiegandDecodeOutput =
  | {
      readonly ok: true;
      readonly format: string;
      readonly facility: string | null;
      readonly card: string | null;
      readonly parityOk: boolean;
    }
  | { readonly ok: false; readonly error: string };

/**
 * Decodes `bits` with the format called `formatName` (case-insensitive) among `formats`, the
 * predefined ones unless a site's are given. A parity failure is `ok: true, parityOk: false`;
 * `ok: false` is kept for malformed input.
 */
export const wiegandDecodeCommand = (
  formatName: string,
  bits: string,
  formats: ReadonlyArray<CardFormat> = predefinedCardFormats,
): WiegandDecodeOutput => {
  const wanted = formatName.trim().toLowerCase();
  const format = formats.find((f) => f.name.toLowerCase() === wanted);
  if (format === undefined)
    return {
      ok: false,
      error: `unknown card format ${JSON.stringify(formatName)}; known: ${formats.map((f) => f.name).join(", ")}`,
    };
  if (bits.length !== format.bits)
    return { ok: false, error: `${format.name} has ${format.bits} bits, got ${bits.length}` };
  const read = readCardFrame(compileCardFormat(format), bits);
  if (read._tag === "MalformedFrame") return { ok: false, error: `BITS: ${read.message}` };
  return {
    ok: true,
    format: format.name,
    facility: read.facility?.toString() ?? null,
    card: read.card?.toString() ?? null,
    parityOk: read.parityOk,
  };
};
