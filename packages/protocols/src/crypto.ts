/** The crypto interface the protocols need (AES-128, HKDF-SHA256, randomness) and its node:crypto implementation. */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes as nodeRandomBytes } from "node:crypto";

/**
 * One AES-128 key schedule reused for every block (creating a cipher per block is ~5x slower,
 * DESIGN §1). Source and destination may be the same array.
 */
export interface BlockCipher {
  /** Encrypts the 16 bytes of `src` at `srcOffset` into `dst` at `dstOffset` (AES-ECB, one block). */
  readonly encryptBlock: (src: Uint8Array, srcOffset: number, dst: Uint8Array, dstOffset: number) => void;
  /** Decrypts `length` bytes (a multiple of 16) of `src` at `srcOffset` into `dst` at `dstOffset` (AES-ECB). */
  readonly decryptBlocks: (
    src: Uint8Array,
    srcOffset: number,
    length: number,
    dst: Uint8Array,
    dstOffset: number,
  ) => void;
}

/** The five crypto operations the protocols use; pure code receives it, never imports node:crypto. */
export interface Crypto {
  /** A reusable AES-128 cipher for a 16-byte key. */
  readonly aes128: (key: Uint8Array) => BlockCipher;
  /** HKDF-SHA256 (RFC 5869) of `length` bytes. */
  readonly hkdfSha256: (ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number) => Uint8Array;
  /** `length` random bytes; tests inject a deterministic source so sessions are reproducible. */
  readonly random: (length: number) => Uint8Array;
}

/** AES-CBC decryption of whole blocks; all blocks are deciphered in one call since CBC decryption is parallel. */
export const cbcDecrypt = (cipher: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array => {
  const length = data.length - (data.length % 16);
  const out = new Uint8Array(length);
  cipher.decryptBlocks(data, 0, length, out, 0);
  for (let j = 0; j < 16 && j < length; j++) out[j] = out[j]! ^ iv[j]!;
  for (let i = 16; i < length; i++) out[i] = out[i]! ^ data[i - 16]!;
  return out;
};

/** node:crypto implementation: one `aes-128-ecb` cipher (and decipher, made on first use) per key. */
export const nodeCrypto: Crypto = {
  aes128: (key) => {
    const cipher = createCipheriv("aes-128-ecb", key, null);
    cipher.setAutoPadding(false);
    let decipher: ReturnType<typeof createDecipheriv> | undefined;
    return {
      encryptBlock: (src, srcOffset, dst, dstOffset) => {
        // The common case (a 16-byte block array) skips the subarray allocation.
        const block = srcOffset === 0 && src.length === 16 ? src : src.subarray(srcOffset, srcOffset + 16);
        dst.set(cipher.update(block), dstOffset);
      },
      decryptBlocks: (src, srcOffset, length, dst, dstOffset) => {
        if (decipher === undefined) {
          decipher = createDecipheriv("aes-128-ecb", key, null);
          decipher.setAutoPadding(false);
        }
        dst.set(decipher.update(src.subarray(srcOffset, srcOffset + length)), dstOffset);
      },
    };
  },
  hkdfSha256: (ikm, salt, info, length) => new Uint8Array(hkdfSync("sha256", ikm, salt, info, length)),
  random: (length) => new Uint8Array(nodeRandomBytes(length)),
};
