/** A frame packed into 32-bit words, so decoding reads fields and parity a word at a time. */

/** Words a frame of up to 256 bits needs. */
const MAX_WORDS = 8;

/**
 * Scratch for the frame being decoded. Decoding is synchronous and copies everything out before
 * returning, so one buffer serves every call without allocating per frame.
 */
const scratch = new Int32Array(MAX_WORDS);

/** Word index of frame bit `p`. */
export const wordOf = (p: number): number => p >>> 5;

/** Shift that brings frame bit `p` to bit 0 of its word: words are packed first bit most significant. */
export const shiftOf = (p: number): number => 31 - (p & 31);

/**
 * Packs a bit string into the scratch words, first bit most significant; `undefined` when it holds
 * anything but `0` and `1` (`'0' | 1` and `'1' | 1` are both `'1'`). Valid until the next call.
 * Longer strings are still checked: typed-array writes past the end are no-ops, never errors.
 */
export const packBits = (bits: string): Int32Array | undefined => {
  const n = bits.length;
  let word = 0;
  for (let i = 0; i < n; i++) {
    const c = bits.charCodeAt(i);
    if ((c | 1) !== 49) return undefined;
    word = (word << 1) | (c & 1);
    if ((i & 31) === 31) {
      scratch[i >>> 5] = word;
      word = 0;
    }
  }
  if ((n & 31) !== 0) scratch[n >>> 5] = word << (32 - (n & 31));
  return scratch;
};

/** Number of set bits of a 32-bit word. */
export const popcount32 = (x: number): number => {
  const pairs = x - ((x >>> 1) & 0x55555555);
  const nibbles = (pairs & 0x33333333) + ((pairs >>> 2) & 0x33333333);
  return Math.imul((nibbles + (nibbles >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
};

/** The 32-bit word with its bit order reversed. */
export const reverse32 = (x: number): number => {
  let y = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  y = ((y >>> 2) & 0x33333333) | ((y & 0x33333333) << 2);
  y = ((y >>> 4) & 0x0f0f0f0f) | ((y & 0x0f0f0f0f) << 4);
  y = ((y >>> 8) & 0x00ff00ff) | ((y & 0x00ff00ff) << 8);
  return ((y >>> 16) | (y << 16)) >>> 0;
};
