/** The typed error of card-format and format-set validation. */
import { Data } from "effect";

/** A card format or a set of formats was refused; `field` is the path of the offending setting. */
export class CardFormatError extends Data.TaggedError("CardFormatError")<{
  readonly field: string;
  readonly message: string;
}> {}
