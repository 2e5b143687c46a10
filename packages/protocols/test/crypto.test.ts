import { createCipheriv, createDecipheriv } from "node:crypto";
import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import { type BlockCipher, type Crypto, nodeCrypto } from "../src/crypto";
import { computeMac, decryptData, encryptData, sessionCiphers } from "../src/osdp";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

// NIST SP 800-38A F.2.1 / F.2.2 (CBC-AES128).
const key = hex("2b7e151628aed2a6abf7158809cf4f3c");
const iv = hex("000102030405060708090a0b0c0d0e0f");
const plain = hex(`6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
  30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710`);
const cipherText = hex(`7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
  73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7`);

const freshCbc = (encrypt: boolean, k: Uint8Array, v: Uint8Array, data: Uint8Array): string => {
  const c = encrypt ? createCipheriv("aes-128-cbc", k, v) : createDecipheriv("aes-128-cbc", k, v);
  c.setAutoPadding(false);
  return toHex(Buffer.concat([c.update(data), c.final()]));
};

describe("nodeCrypto AES-128 (OpenSSL), CBC in one call", () => {
  it("SP 800-38A F.2.1 / F.2.2: encrypts and decrypts four blocks, at offsets and in place", () => {
    const aes = nodeCrypto.aes128(key);
    const out = new Uint8Array(70);
    aes.encrypt(iv, plain, 0, 64, out, 3);
    expect(toHex(out.subarray(3, 67))).toBe(toHex(cipherText));
    const last = new Uint8Array(16);
    aes.encryptLast(iv, plain, 0, 64, last);
    expect(toHex(last)).toBe(toHex(cipherText.subarray(48)));
    aes.decrypt(iv, out, 3, 64, out, 3);
    expect(toHex(out.subarray(3, 67))).toBe(toHex(plain));
    const tail = new Uint8Array(48);
    aes.decrypt(cipherText.subarray(0, 16), cipherText, 16, 48, tail, 0);
    expect(toHex(tail)).toBe(toHex(plain.subarray(16)));
  });

  it("each call starts from its own IV, whatever the calls before it (against a fresh cipher per call)", () => {
    const aes = nodeCrypto.aes128(key);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            iv: fc.uint8Array({ minLength: 16, maxLength: 16 }),
            blocks: fc.integer({ min: 1, max: 4 }),
            seed: fc.uint8Array({ minLength: 64, maxLength: 64 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (calls) => {
          for (const call of calls) {
            const data = call.seed.subarray(0, 16 * call.blocks);
            const out = new Uint8Array(data.length);
            aes.encrypt(call.iv, data, 0, data.length, out, 0);
            expect(toHex(out)).toBe(freshCbc(true, key, call.iv, data));
            const back = new Uint8Array(data.length);
            aes.decrypt(call.iv, out, 0, out.length, back, 0);
            expect(toHex(back)).toBe(toHex(data));
          }
        },
      ),
    );
  });

  it("refuses partial blocks, ranges outside the buffer and keys of another size", () => {
    const aes = nodeCrypto.aes128(key);
    const buf = new Uint8Array(32);
    expect(() => aes.encrypt(iv, buf, 0, 20, buf, 0)).toThrow(RangeError);
    expect(() => aes.decrypt(iv, buf, 16, 32, buf, 0)).toThrow(RangeError);
    expect(() => nodeCrypto.aes128(new Uint8Array(24))).toThrow(RangeError);
  });
});

/** nodeCrypto with every cipher call counted, per key. */
const counting = () => {
  const calls = new Map<string, number>();
  const crypto: Crypto = {
    ...nodeCrypto,
    aes128: (k) => {
      const inner = nodeCrypto.aes128(k);
      const name = toHex(k);
      const count =
        <A extends unknown[]>(f: (...a: A) => void) =>
        (...a: A) => {
          calls.set(name, (calls.get(name) ?? 0) + 1);
          f(...a);
        };
      const cipher: BlockCipher = {
        encrypt: count(inner.encrypt),
        encryptLast: count(inner.encryptLast),
        decrypt: count(inner.decrypt),
      };
      return cipher;
    },
  };
  return { crypto, calls };
};

describe("Secure Channel makes one cipher call per pass, not per block", () => {
  const keys = { sEnc: hex("01".repeat(16)), sMac1: hex("02".repeat(16)), sMac2: hex("03".repeat(16)) };

  it("a MAC over five blocks: one S-MAC1 pass and one S-MAC2 block; 48 bytes of data: one call each way", () => {
    const { crypto, calls } = counting();
    const ciphers = sessionCiphers(crypto, keys);
    const chain = new Uint8Array(16);
    const mac = computeMac(ciphers, chain, new Uint8Array(75), 75);
    expect(Object.fromEntries(calls)).toEqual({ [toHex(keys.sMac1)]: 1, [toHex(keys.sMac2)]: 1 });
    // The same MAC block by block, from the spec's definition.
    let running: Uint8Array = chain;
    const padded = new Uint8Array(80);
    padded[75] = 0x80;
    for (let b = 0; b < 5; b++)
      running = hex(
        freshCbc(true, b < 4 ? keys.sMac1 : keys.sMac2, running, padded.subarray(16 * b, 16 * b + 16)),
      );
    expect(toHex(mac)).toBe(toHex(running));

    calls.clear();
    const data = Uint8Array.from({ length: 40 }, (_, i) => i);
    const encrypted = encryptData(ciphers, mac, data);
    expect(encrypted.length).toBe(48);
    expect(decryptData(ciphers, mac, encrypted)).toEqual(data);
    expect(Object.fromEntries(calls)).toEqual({ [toHex(keys.sEnc)]: 2 });
  });
});
