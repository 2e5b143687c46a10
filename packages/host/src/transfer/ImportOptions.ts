/** The import settings of seed "Import and export", as the WebSocket and the CLI take them. */
import { Schema } from "effect";

/**
 * New: removes existing cardholders and adds the file's. Update: updates existing cardholders and
 * adds new ones. Add: keeps existing cardholders and adds new ones (a row naming an existing one is
 * refused).
 */
export const ImportMode = Schema.Literal("new", "update", "add");
export type ImportMode = typeof ImportMode.Type;

/** How a row finds its cardholder: by cardholder ID (the default), first and last name, or email. */
export const UniqueIdentifier = Schema.Literal("id", "name", "email");
export type UniqueIdentifier = typeof UniqueIdentifier.Type;

/** How card numbers are written: hexadecimal, decimal, or both (the default: `0x…` or hex letters mean hex). */
export const CardNumberFormat = Schema.Literal("hex", "decimal", "both");
export type CardNumberFormat = typeof CardNumberFormat.Type;

/** Everything an import needs besides the file. */
export const ImportOptions = Schema.Struct({
  mode: ImportMode,
  /** First row is header: its cells name the columns. */
  header: Schema.optionalWith(Schema.Boolean, { default: () => true }),
  delimiter: Schema.optionalWith(Schema.String, { default: () => "," }),
  identifier: Schema.optionalWith(UniqueIdentifier, { default: () => "id" as const }),
  cardNumbers: Schema.optionalWith(CardNumberFormat, { default: () => "both" as const }),
  /**
   * The heading of each column, in file order (seed: "Assign a heading to each column"); `null` or
   * `""` skips a column. Without it the header row names the columns.
   */
  columns: Schema.optional(Schema.Array(Schema.NullOr(Schema.String))),
});
export type ImportOptions = typeof ImportOptions.Type;
/** The options as given (defaults may be left out). */
export type ImportOptionsInput = typeof ImportOptions.Encoded;
