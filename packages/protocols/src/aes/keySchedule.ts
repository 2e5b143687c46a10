/** AES-128 key expansion into the bitsliced round keys that encryptBlock and decryptBlocks consume. */

/** GF(2^8) product modulo the AES polynomial, with masks instead of data-dependent branches. */
const gmul = (a: number, b: number): number => {
  let product = 0;
  for (let bit = 0; bit < 8; bit++) {
    product ^= a & -((b >>> bit) & 1);
    a = (a << 1) ^ (0x11b & -(a >>> 7));
  }
  return product;
};

/**
 * The AES S-box computed as x^254 followed by the affine map: the key schedule needs only 40 S-box values
 * per key, and a lookup table indexed by key bytes would leak them through the cache.
 */
const sbox = (x: number): number => {
  const x2 = gmul(x, x);
  let inverse = x2;
  let power = x2;
  for (let i = 0; i < 6; i++) {
    power = gmul(power, power);
    inverse = gmul(inverse, power);
  }
  const rotl = (n: number): number => ((inverse << n) | (inverse >>> (8 - n))) & 0xff;
  return inverse ^ rotl(1) ^ rotl(2) ^ rotl(3) ^ rotl(4) ^ 0x63;
};

/** SubWord on a little-endian column word. */
const subWord = (w: number): number =>
  sbox(w & 0xff) | (sbox((w >>> 8) & 0xff) << 8) | (sbox((w >>> 16) & 0xff) << 16) | (sbox(w >>> 24) << 24);

/** Transposes the 8x8 bit blocks of 8 words: bit j of word i trades places with bit i of word j. */
const ortho = (q: Int32Array): void => {
  for (const [mask, shift, pairs] of [
    [0x55555555, 1, [0, 1, 2, 3, 4, 5, 6, 7]],
    [0x33333333, 2, [0, 2, 1, 3, 4, 6, 5, 7]],
    [0x0f0f0f0f, 4, [0, 4, 1, 5, 2, 6, 3, 7]],
  ] as const) {
    for (let p = 0; p < 8; p += 2) {
      const i = pairs[p]!;
      const j = pairs[p + 1]!;
      const a = q[i]!;
      const b = q[j]!;
      q[i] = (a & mask) | ((b & mask) << shift);
      q[j] = ((a >>> shift) & mask) | (b & ~mask);
    }
  }
};

/**
 * Expands a 16-byte key into 11 bitsliced round keys of 8 words (both block slots filled). Round key n is
 * stored shifted back by ShiftRows^n, because the rounds leave ShiftRows owed (see encrypt.ts) and each key
 * byte must meet the state byte where it currently sits.
 */
export const expandKey = (key: Uint8Array): Int32Array => {
  const w = new Int32Array(44);
  for (let i = 0; i < 4; i++) {
    w[i] = key[4 * i]! | (key[4 * i + 1]! << 8) | (key[4 * i + 2]! << 16) | (key[4 * i + 3]! << 24);
  }
  let rcon = 1;
  for (let i = 4; i < 44; i++) {
    let x = w[i - 1]!;
    if ((i & 3) === 0) {
      x = subWord((x >>> 8) | (x << 24)) ^ rcon;
      rcon = gmul(rcon, 2);
    }
    w[i] = w[i - 4]! ^ x;
  }
  const roundKeys = new Int32Array(88);
  const q = new Int32Array(8);
  for (let round = 0; round <= 10; round++) {
    const owed = round & 3;
    for (let c = 0; c < 4; c++) {
      let column = 0;
      for (let r = 0; r < 4; r++) {
        column |= ((w[4 * round + ((c - owed * r) & 3)]! >>> (8 * r)) & 0xff) << (8 * r);
      }
      q[2 * c] = column;
      q[2 * c + 1] = column;
    }
    ortho(q);
    roundKeys.set(q, 8 * round);
  }
  return roundKeys;
};
