/** The crypto interface the protocols need (AES-128 in CBC mode, HKDF-SHA256, randomness) and its node:crypto implementation. */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes as nodeRandomBytes } from "node:crypto";

/**
 * One AES-128 key, kept for a session. Each operation is a single cipher call however many blocks it covers: a
 * call costs far more than a block, so callers hand over whole passes (a MAC pass, a payload), never block by block.
 */
export interface BlockCipher {
  /** AES-CBC encryption from `iv` of `length` bytes (whole blocks) of `src` at `srcOffset`, into `dst` at `dstOffset`. */
  readonly encrypt: (
    iv: Uint8Array,
    src: Uint8Array,
    srcOffset: number,
    length: number,
    dst: Uint8Array,
    dstOffset: number,
  ) => void;
  /** The last block of that encryption alone (a CBC-MAC pass), into `out` (16 bytes; may be `iv`). */
  readonly encryptLast: (
    iv: Uint8Array,
    src: Uint8Array,
    srcOffset: number,
    length: number,
    out: Uint8Array,
  ) => void;
  /** AES-CBC decryption from `iv` of `length` bytes (whole blocks) of `src` at `srcOffset`, into `dst` at `dstOffset`. */
  readonly decrypt: (
    iv: Uint8Array,
    src: Uint8Array,
    srcOffset: number,
    length: number,
    dst: Uint8Array,
    dstOffset: number,
  ) => void;
}

/** The crypto operations the protocols use; pure code receives it, never imports node:crypto. */
export interface Crypto {
  /** A reusable AES-128 cipher for a 16-byte key. */
  readonly aes128: (key: Uint8Array) => BlockCipher;
  /** HKDF-SHA256 (RFC 5869) of `length` bytes. */
  readonly hkdfSha256: (ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number) => Uint8Array;
  /** `length` random bytes; tests inject a deterministic source so sessions are reproducible. */
  readonly random: (length: number) => Uint8Array;
}

const BLOCK = 16;
const ZERO_IV = new Uint8Array(BLOCK);

const checkRange = (bytes: Uint8Array, offset: number, length: number): void => {
  if (length <= 0 || length % BLOCK !== 0 || offset < 0 || offset + length > bytes.length)
    throw new RangeError(`AES-CBC needs whole blocks inside the buffer: ${length} bytes at ${offset}`);
};

/**
 * Bytes to hand to a cipher, as a Buffer: node reads an off-heap Buffer directly, while a small Uint8Array (on the
 * V8 heap) costs it a copy that is dearer than ours.
 */
const cipherInput = (single: Buffer, src: Uint8Array, srcOffset: number, length: number): Buffer => {
  const input = length === BLOCK ? single : Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) input[i] = src[srcOffset + i]!;
  return input;
};

/**
 * AES-128 on OpenSSL through node:crypto. Creating a cipher costs several calls, so each key keeps one encryptor
 * and one decryptor for its lifetime. The CBC encryptor chains each call from the last block it output: whitening
 * the first input block with that block and the wanted IV makes every call a CBC encryption from that IV. The
 * decryptor runs ECB, and the CBC chaining is applied after it.
 */
const nodeAes128 = (key: Uint8Array): BlockCipher => {
  if (key.length !== BLOCK) throw new RangeError(`AES-128 takes a 16-byte key, not ${key.length}`);
  const encryptor = createCipheriv("aes-128-cbc", key, ZERO_IV);
  encryptor.setAutoPadding(false);
  const decryptor = createDecipheriv("aes-128-ecb", key, null);
  decryptor.setAutoPadding(false);
  const chained = new Uint8Array(BLOCK);
  const single = Buffer.alloc(BLOCK);

  const cbc = (iv: Uint8Array, src: Uint8Array, srcOffset: number, length: number): Uint8Array => {
    checkRange(src, srcOffset, length);
    // A copy, whitened as it is made: the caller's bytes stay as they are.
    const input = length === BLOCK ? single : Buffer.allocUnsafe(length);
    for (let j = 0; j < BLOCK; j++) input[j] = src[srcOffset + j]! ^ iv[j]! ^ chained[j]!;
    for (let i = BLOCK; i < length; i++) input[i] = src[srcOffset + i]!;
    const output = encryptor.update(input);
    const tail = length - BLOCK;
    for (let j = 0; j < BLOCK; j++) chained[j] = output[tail + j]!;
    return output;
  };

  return {
    encrypt: (iv, src, srcOffset, length, dst, dstOffset) => {
      dst.set(cbc(iv, src, srcOffset, length), dstOffset);
    },
    encryptLast: (iv, src, srcOffset, length, out) => {
      cbc(iv, src, srcOffset, length);
      out.set(chained);
    },
    decrypt: (iv, src, srcOffset, length, dst, dstOffset) => {
      checkRange(src, srcOffset, length);
      const output = decryptor.update(cipherInput(single, src, srcOffset, length));
      // Last block first: with `dst` over `src` each block still reads the ciphertext before it.
      for (let block = length - BLOCK; block >= 0; block -= BLOCK)
        for (let j = BLOCK - 1; j >= 0; j--) {
          const previous = block === 0 ? iv[j]! : src[srcOffset + block - BLOCK + j]!;
          dst[dstOffset + block + j] = output[block + j]! ^ previous;
        }
    },
  };
};

/** The node:crypto implementation (OpenSSL): a vetted AES, HKDF and the system's randomness. */
export const nodeCrypto: Crypto = {
  aes128: nodeAes128,
  hkdfSha256: (ikm, salt, info, length) => new Uint8Array(hkdfSync("sha256", ikm, salt, info, length)),
  random: (length) => new Uint8Array(nodeRandomBytes(length)),
};
