/** Wiegand keypad bursts: one key per 4-bit or 8-bit burst. */

/** A key of a reader's keypad. */
export type KeypadKey = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "*" | "#";

/** Which burst values mean `*` and `#`; digits are always their own value. */
export interface KeypadMapping {
  readonly star: number;
  readonly hash: number;
}

/**
 * HID's convention, which most Wiegand keypads follow: `*` is 10 (0xA) and `#` is 11 (0xB).
 * Some readers send other values (e.g. 14/15 or 13/14), hence configurable.
 */
export const defaultKeypadMapping: KeypadMapping = { star: 10, hash: 11 };

/** A key press read from a burst. */
export interface KeyPressed {
  readonly _tag: "KeyPressed";
  readonly key: KeypadKey;
}

/** A 4- or 8-bit burst that is not a key: a broken complement or a value with no key. */
export interface KeypadRejected {
  readonly _tag: "KeypadRejected";
  readonly bits: string;
  readonly reason: "complement" | "unmapped";
}

const nibble = (bits: string, from: number): number => parseInt(bits.slice(from, from + 4), 2);

const keyOf = (value: number, mapping: KeypadMapping): KeypadKey | undefined =>
  value <= 9
    ? (String(value) as KeypadKey)
    : value === mapping.star
      ? "*"
      : value === mapping.hash
        ? "#"
        : undefined;

/**
 * Reads a keypad burst of 4 or 8 bits (a bit string, not checked here). An 8-bit burst is the
 * key's complement nibble first, then the key nibble (HID 8-bit burst: '1' is 1110 0001).
 */
export const decodeKeypadBurst = (bits: string, mapping: KeypadMapping): KeyPressed | KeypadRejected => {
  const value = nibble(bits, bits.length - 4);
  if (bits.length === 8 && nibble(bits, 0) !== (~value & 0xf))
    return { _tag: "KeypadRejected", bits, reason: "complement" };
  const key = keyOf(value, mapping);
  return key === undefined
    ? { _tag: "KeypadRejected", bits, reason: "unmapped" }
    : { _tag: "KeyPressed", key };
};

/** The burst a keypad sends for `key`, in transmission order. */
export const encodeKeypadBurst = (key: KeypadKey, burst: 4 | 8, mapping: KeypadMapping): string => {
  const value = key === "*" ? mapping.star : key === "#" ? mapping.hash : Number(key);
  const four = value.toString(2).padStart(4, "0");
  return burst === 4 ? four : (~value & 0xf).toString(2).padStart(4, "0") + four;
};
