/**
 * Constant-time (bitsliced, table-free) AES-128 in plain TypeScript, because a node:crypto call per 16-byte
 * block costs more than the cipher itself.
 */
import { decryptBlocks } from "./decrypt";
import { encryptBlock } from "./encrypt";
import { expandKey } from "./keySchedule";
import type { BlockCipher } from "../crypto";

// Typed arrays read `undefined` (taken as 0) past their end, which would silently produce a wrong block.
const checkRange = (array: Uint8Array, offset: number, length: number): void => {
  if (!(offset >= 0 && offset + length <= array.length)) {
    throw new RangeError(`AES: ${length} bytes at offset ${offset} exceed an array of ${array.length}`);
  }
};

/**
 * An AES-128 cipher whose bitsliced round keys are expanded once. No secret-dependent branches or memory
 * indices (no lookup tables), and no allocation per block. For `decryptBlocks`, `dst` may be `src` at the
 * same offset or a region that does not overlap it.
 */
export const aes128 = (key: Uint8Array): BlockCipher => {
  if (key.length !== 16) throw new RangeError(`AES-128 needs a 16-byte key, got ${key.length} bytes`);
  const rk = expandKey(key);
  return {
    encryptBlock: (src, srcOffset, dst, dstOffset) => {
      checkRange(src, srcOffset, 16);
      checkRange(dst, dstOffset, 16);
      encryptBlock(rk, src, srcOffset, dst, dstOffset);
    },
    decryptBlocks: (src, srcOffset, length, dst, dstOffset) => {
      if (length % 16 !== 0) throw new RangeError(`AES-ECB needs whole 16-byte blocks, got ${length} bytes`);
      checkRange(src, srcOffset, length);
      checkRange(dst, dstOffset, length);
      decryptBlocks(rk, src, srcOffset, length, dst, dstOffset);
    },
  };
};
