/** The crypto interface the protocols need (AES-128, HKDF-SHA256, randomness) and its Node implementation. */
import { hkdfSync, randomBytes as nodeRandomBytes } from "node:crypto";
import { aes128 } from "./aes/aes128";

/** One AES-128 key schedule reused for every block. Source and destination may be the same array. */
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

/**
 * The Node implementation: HKDF and randomness from node:crypto; AES from the constant-time software cipher,
 * since Secure Channel works block by block and a node:crypto call per block costs twice the cipher.
 */
export const nodeCrypto: Crypto = {
  aes128,
  hkdfSha256: (ikm, salt, info, length) => new Uint8Array(hkdfSync("sha256", ikm, salt, info, length)),
  random: (length) => new Uint8Array(nodeRandomBytes(length)),
};
