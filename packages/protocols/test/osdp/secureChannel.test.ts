import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/crypto";
import {
  clientCryptogram,
  computeMac,
  decodeFrame,
  decryptData,
  deriveScbk,
  deriveSessionKeys,
  encryptData,
  initialRmac,
  SCBK_D,
  SecureLink,
  serverCryptogram,
  sessionCiphers,
  toHex,
} from "../../src/osdp";
import { frameVectors, hex, scVectors } from "./vectors";

const annexE = scVectors.annexE;

describe("Annex E vectors", () => {
  const keys = deriveSessionKeys(nodeCrypto, hex(annexE.scbk), hex(annexE.rndA));
  const ciphers = sessionCiphers(nodeCrypto, keys);

  it("SCBK-D is the default key of the vectors", () => {
    expect(toHex(SCBK_D)).toBe(toHex(hex(annexE.scbk)));
  });

  it("derives S-ENC, S-MAC1 and S-MAC2 from SCBK and RND.A", () => {
    expect(toHex(keys.sEnc)).toBe(toHex(hex(annexE.sEnc)));
    expect(toHex(keys.sMac1)).toBe(toHex(hex(annexE.sMac1)));
    expect(toHex(keys.sMac2)).toBe(toHex(hex(annexE.sMac2)));
  });

  it("computes the client and server cryptograms and RMAC-I", () => {
    const rndA = hex(annexE.rndA);
    const rndB = hex(annexE.rndB);
    expect(toHex(clientCryptogram(ciphers, rndA, rndB))).toBe(toHex(hex(annexE.clientCryptogram)));
    const server = serverCryptogram(ciphers, rndA, rndB);
    expect(toHex(server)).toBe(toHex(hex(annexE.serverCryptogram)));
    expect(toHex(initialRmac(ciphers, server))).toBe(toHex(hex(annexE.rmacI)));
  });
});

describe("CBC-MAC and encryption vectors", () => {
  const key = hex(scVectors.cbcMac.key);
  const ciphers = sessionCiphers(nodeCrypto, { sEnc: key, sMac1: key, sMac2: key });

  it.each(scVectors.cbcMac.cases)("MAC of $input", ({ input, mac }) => {
    const bytes = hex(input);
    expect(toHex(computeMac(ciphers, hex(scVectors.cbcMac.iv), bytes, bytes.length))).toBe(toHex(hex(mac)));
  });

  it.each(scVectors.encrypt.cases)("encrypts '$plain' with 0x80 padding, always", ({ plain, cipher }) => {
    // encryptData takes the MAC whose NOT is the IV.
    const iv = hex(scVectors.encrypt.iv);
    const mac = iv.map((b) => ~b & 0xff);
    const encrypted = encryptData(ciphers, mac, hex(plain));
    expect(toHex(encrypted)).toBe(toHex(hex(cipher)));
    expect(toHex(decryptData(ciphers, mac, encrypted)!)).toBe(toHex(hex(plain)));
  });

  it("refuses ciphertext whose padding is wrong", () => {
    const mac = new Uint8Array(16);
    expect(decryptData(ciphers, mac, new Uint8Array(16))).toBeUndefined();
    expect(decryptData(ciphers, mac, new Uint8Array(15))).toBeUndefined();
  });
});

describe("OSDP.Net frames sealed with all-zero session keys", () => {
  const zero = new Uint8Array(16);
  const zeroCiphers = sessionCiphers(nodeCrypto, { sEnc: zero, sMac1: zero, sMac2: zero });
  const sealed = frameVectors.filter(
    (v) => v.name.startsWith("osdpnet_") && v.name.endsWith("_sc_zero_keys"),
  );

  it.each(sealed.map((v) => [v.name, v] as const))(
    "%s is reproduced by sealCommand and opens back",
    (name, vector) => {
      const plainVector = frameVectors.find((v) => v.name === name.replace("_sc_zero_keys", "_crc"))!;
      const plain = Either.getOrThrow(decodeFrame(hex(plainVector.frame)));
      const link = new SecureLink(zeroCiphers, zero);
      const bytes = link.sealCommand(
        { addr: plain.addr, sqn: plain.sqn, check: "crc" },
        plain.code,
        plain.data,
      );
      expect(toHex(bytes)).toBe(toHex(hex(vector.frame)));
      const opened = new SecureLink(zeroCiphers, zero).openCommand(Either.getOrThrow(decodeFrame(bytes)));
      expect(Either.map(opened, toHex)).toEqual(Either.right(toHex(plain.data)));
    },
  );
});

describe("SCBK derivation from the site main key", () => {
  it("is HKDF-SHA256 over the reader id: stable, 16 bytes, different per reader", () => {
    const main = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const a = deriveScbk(nodeCrypto, main, "reader-1");
    expect(a).toHaveLength(16);
    expect(toHex(deriveScbk(nodeCrypto, main, "reader-1"))).toBe(toHex(a));
    expect(toHex(deriveScbk(nodeCrypto, main, "reader-2"))).not.toBe(toHex(a));
  });
});
