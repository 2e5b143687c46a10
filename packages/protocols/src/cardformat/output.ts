/** Showing a field value in the output format its card format chose (seed: decimal or hexadecimal). */
import type { CardFormatField } from "./CardFormat";

/** The value as the field's output format writes it: decimal, or lower-case hexadecimal. */
export const formatFieldValue = (field: CardFormatField, value: bigint): string =>
  value.toString(field.output === "hex" ? 16 : 10);
