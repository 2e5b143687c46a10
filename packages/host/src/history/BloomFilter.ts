/** A fixed-size Bloom filter of strings: "maybe present" or "certainly absent", for skipping journal blocks. */

/** Bits per filter: 2^17 (16 KiB) keeps false positives near 1 % for the ~10 000 keys of a full block. */
const BITS = 1 << 17;
const MASK = BITS - 1;
/** Probes per key. */
const PROBES = 5;

/** FNV-1a over UTF-16 code units with a seed: two of them give the double hashing of the probes. */
const fnv1a = (key: string, seed: number): number => {
  let h = seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/** A Bloom filter over `BITS` bits; its bytes are what the store keeps. */
export class BloomFilter {
  private constructor(readonly bits: Uint8Array) {}

  /** An empty filter. */
  static empty(): BloomFilter {
    return new BloomFilter(new Uint8Array(BITS / 8));
  }

  /** A filter from stored bytes; `undefined` if they are not a filter of this size. */
  static of(bytes: Uint8Array): BloomFilter | undefined {
    return bytes.length === BITS / 8 ? new BloomFilter(bytes) : undefined;
  }

  add(key: string): void {
    const h1 = fnv1a(key, 0x811c9dc5);
    const h2 = fnv1a(key, 0x050c5d1f) | 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & MASK;
      this.bits[bit >>> 3]! |= 1 << (bit & 7);
    }
  }

  /** False only if `key` was certainly never added. */
  mayHave(key: string): boolean {
    const h1 = fnv1a(key, 0x811c9dc5);
    const h2 = fnv1a(key, 0x050c5d1f) | 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & MASK;
      if ((this.bits[bit >>> 3]! & (1 << (bit & 7))) === 0) return false;
    }
    return true;
  }
}
