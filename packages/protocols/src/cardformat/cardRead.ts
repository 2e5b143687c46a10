/** A card read as an access decision takes it: the number and facility code, only when the frame is sound. */
import { Either } from "effect";
import { decodeCardFrame, type CardFormatSet } from "./CardFormatSet";
import { activeCardFormatSet, defaultCardFormatLibrary, type CardFormatLibrary } from "./library";

/** What a reader presents: the card (undefined when no format decodes it or parity fails) and the format. */
export interface CardReading {
  readonly card: { readonly number: bigint; readonly facility?: bigint } | undefined;
  readonly format?: string;
}

/** Decodes raw bits with a reader's effective formats; a parity failure reads as an unknown card. */
export const cardReadOf = (set: CardFormatSet, bits: string): CardReading => {
  const read = decodeCardFrame(set, bits);
  if (read._tag !== "CardDecoded") return { card: undefined };
  if (!read.parityOk || read.card === undefined) return { card: undefined, format: read.format };
  return {
    card: { number: read.card, ...(read.facility !== undefined && { facility: read.facility }) },
    format: read.format,
  };
};

/** Reads cards with a library's active formats (by default the predefined set as shipped). */
export const activeCardReader = (
  library: CardFormatLibrary = defaultCardFormatLibrary,
): ((bits: string) => CardReading) => {
  const set = Either.getOrThrow(activeCardFormatSet(library));
  return (bits) => cardReadOf(set, bits);
};
