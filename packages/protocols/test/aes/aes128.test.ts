import { createCipheriv, createDecipheriv } from "node:crypto";
import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import { aes128 } from "../../src/aes/aes128";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

const encryptAll = (key: Uint8Array, data: Uint8Array): Uint8Array => {
  const cipher = aes128(key);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 16) cipher.encryptBlock(data, i, out, i);
  return out;
};

const decryptAll = (key: Uint8Array, data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(data.length);
  aes128(key).decryptBlocks(data, 0, data.length, out, 0);
  return out;
};

const nodeEcb = (encrypt: boolean, key: Uint8Array, data: Uint8Array): Uint8Array => {
  const cipher = encrypt
    ? createCipheriv("aes-128-ecb", key, null)
    : createDecipheriv("aes-128-ecb", key, null);
  cipher.setAutoPadding(false);
  return Uint8Array.from(Buffer.concat([cipher.update(data), cipher.final()]));
};

// NIST SP 800-38A F.1.1 / F.1.2 (ECB-AES128).
const sp800Key = hex("2b7e151628aed2a6abf7158809cf4f3c");
const sp800Plain = hex(`6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
  30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710`);
const sp800Cipher = hex(`3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf
  43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4`);

describe("aes128 known answers", () => {
  it("FIPS-197 Appendix C.1 (AES-128) encrypts and decrypts", () => {
    const key = hex("000102030405060708090a0b0c0d0e0f");
    const plain = hex("00112233445566778899aabbccddeeff");
    const cipher = "69c4e0d86a7b0430d8cdb78070b4c55a";
    expect(toHex(encryptAll(key, plain))).toBe(cipher);
    expect(toHex(decryptAll(key, hex(cipher)))).toBe(toHex(plain));
  });

  it("FIPS-197 Appendix B (cipher example) encrypts and decrypts", () => {
    const plain = hex("3243f6a8885a308d313198a2e0370734");
    const cipher = "3925841d02dc09fbdc118597196a0b32";
    expect(toHex(encryptAll(sp800Key, plain))).toBe(cipher);
    expect(toHex(decryptAll(sp800Key, hex(cipher)))).toBe(toHex(plain));
  });

  it("SP 800-38A F.1.1 ECB-AES128.Encrypt, block by block", () => {
    expect(toHex(encryptAll(sp800Key, sp800Plain))).toBe(toHex(sp800Cipher));
  });

  it("SP 800-38A F.1.2 ECB-AES128.Decrypt, all four blocks in one call", () => {
    expect(toHex(decryptAll(sp800Key, sp800Cipher))).toBe(toHex(sp800Plain));
  });

  it("decrypts odd block counts (a pair plus a leftover single block) and every prefix", () => {
    for (const blocks of [0, 1, 2, 3]) {
      const n = 16 * blocks;
      expect(toHex(decryptAll(sp800Key, sp800Cipher.subarray(0, n)))).toBe(toHex(sp800Plain.subarray(0, n)));
    }
    const cipher = aes128(sp800Key);
    const out = new Uint8Array(48);
    cipher.decryptBlocks(sp800Cipher, 16, 48, out, 0);
    expect(toHex(out)).toBe(toHex(sp800Plain.subarray(16)));
  });
});

describe("aes128 buffers", () => {
  it("encrypts and decrypts in place (src === dst) at nonzero offsets", () => {
    const cipher = aes128(sp800Key);
    const buf = new Uint8Array(5 + 64 + 3);
    buf.set(sp800Plain, 5);
    for (let i = 0; i < 64; i += 16) cipher.encryptBlock(buf, 5 + i, buf, 5 + i);
    expect(toHex(buf.subarray(5, 69))).toBe(toHex(sp800Cipher));
    cipher.decryptBlocks(buf, 5, 48, buf, 5);
    cipher.decryptBlocks(buf, 53, 16, buf, 53);
    expect(toHex(buf.subarray(5, 69))).toBe(toHex(sp800Plain));
    expect([...buf.subarray(0, 5), ...buf.subarray(69)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("reads and writes at independent offsets without touching neighbouring bytes", () => {
    const cipher = aes128(sp800Key);
    const src = new Uint8Array(7 + 64);
    src.set(sp800Cipher, 7);
    const dst = new Uint8Array(64 + 11).fill(0xa5);
    cipher.decryptBlocks(src, 7, 64, dst, 9);
    expect(toHex(dst.subarray(9, 73))).toBe(toHex(sp800Plain));
    expect([...dst.subarray(0, 9), ...dst.subarray(73)].every((b) => b === 0xa5)).toBe(true);
    const one = new Uint8Array(20).fill(0x5a);
    cipher.encryptBlock(sp800Plain, 48, one, 3);
    expect(toHex(one.subarray(3, 19))).toBe(toHex(sp800Cipher.subarray(48)));
    expect([one[0], one[1], one[2], one[19]]).toEqual([0x5a, 0x5a, 0x5a, 0x5a]);
  });

  it("rejects a wrong key length, partial blocks and out-of-range offsets", () => {
    expect(() => aes128(new Uint8Array(24))).toThrow(RangeError);
    const cipher = aes128(sp800Key);
    const buf = new Uint8Array(32);
    expect(() => cipher.decryptBlocks(buf, 0, 20, buf, 0)).toThrow(RangeError);
    expect(() => cipher.decryptBlocks(buf, 16, 32, buf, 0)).toThrow(RangeError);
    expect(() => cipher.encryptBlock(buf, 17, buf, 0)).toThrow(RangeError);
    expect(() => cipher.encryptBlock(buf, 0, buf, -1)).toThrow(RangeError);
  });
});

describe("aes128 against node:crypto", () => {
  const key = fc.uint8Array({ minLength: 16, maxLength: 16 });
  const data = fc
    .integer({ min: 1, max: 5 })
    .chain((blocks) => fc.uint8Array({ minLength: 16 * blocks, maxLength: 16 * blocks }));

  it("encryptBlock and decryptBlocks equal aes-128-ecb, and decryption inverts encryption", () => {
    fc.assert(
      fc.property(key, data, (k, x) => {
        const encrypted = encryptAll(k, x);
        expect(toHex(encrypted)).toBe(toHex(nodeEcb(true, k, x)));
        expect(toHex(decryptAll(k, x))).toBe(toHex(nodeEcb(false, k, x)));
        expect(toHex(decryptAll(k, encrypted))).toBe(toHex(x));
      }),
      { numRuns: 500 },
    );
  });
});
