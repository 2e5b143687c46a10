/** Card numbers in an import file (seed "Card number format"): hexadecimal, decimal, or both. */
import type { CardNumberFormat } from "./ImportOptions";

const DECIMAL = /^\d+$/;
const HEX = /^(0x)?[0-9a-f]+$/i;

/**
 * The card number a cell holds, as a decimal string (the site file's form), or why not. With `both`,
 * a `0x` prefix or a hex letter means hexadecimal, digits alone decimal.
 */
export const parseCardNumber = (
  text: string,
  format: CardNumberFormat,
): { number: string } | { error: string } => {
  const hex = (t: string) => ({ number: BigInt(t.toLowerCase().startsWith("0x") ? t : `0x${t}`).toString() });
  switch (format) {
    case "decimal":
      return DECIMAL.test(text)
        ? { number: BigInt(text).toString() }
        : { error: `"${text}" is not a decimal card number` };
    case "hex":
      return HEX.test(text) ? hex(text) : { error: `"${text}" is not a hexadecimal card number` };
    case "both":
      if (DECIMAL.test(text)) return { number: BigInt(text).toString() };
      return HEX.test(text)
        ? hex(text)
        : { error: `"${text}" is neither a decimal nor a hexadecimal card number` };
  }
};
