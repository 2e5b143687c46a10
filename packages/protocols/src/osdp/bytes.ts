/** Byte helpers shared by the OSDP codec: hex text, concatenation, little-endian fields and constant-time comparison. */

const HEX_DIGITS = "0123456789abcdef";

/** Lower-case hex without separators, the form `osdp decode` and osdpcap use. */
export const toHex = (bytes: Uint8Array): string => {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  }
  return out;
};

/** Parses hex text, ignoring spaces, colons and dashes; `undefined` for anything else or an odd digit count. */
export const fromHex = (text: string): Uint8Array | undefined => {
  const clean = text.replace(/[\s:-]/g, "");
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
};

/** Concatenates byte arrays. */
export const concatBytes = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

/** A 16-bit value as two bytes, least significant first (OSDP's byte order throughout). */
export const u16le = (value: number): Uint8Array => Uint8Array.of(value & 0xff, (value >>> 8) & 0xff);

/** A 32-bit value as four bytes, least significant first. */
export const u32le = (value: number): Uint8Array =>
  Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);

/** Equality that takes the same time wherever the arrays differ: MACs and cryptograms must not leak by timing. */
export const constantTimeEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
};
