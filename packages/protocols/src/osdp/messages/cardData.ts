/** What a reader reports from the user: RAW card data and KEYPAD keys (OSDP 2.2 §7.10, §7.12). */
import { concatBytes, u16le } from "../bytes";
import { ReplyCode } from "../codes";
import type { MessageCodec } from "./codec";

/** osdp_RAW: card data as read; `format` 0 = unspecified raw bits, 1 = Wiegand; `data` holds `bitCount` bits MSB first. */
export interface RawCardData {
  readonly kind: "RAW";
  readonly reader: number;
  readonly format: number;
  readonly bitCount: number;
  readonly data: Uint8Array;
}

/** osdp_KEYPAD: keys pressed, normalised so '#' and '*' read the same whatever the reader sends. */
export interface KeypadData {
  readonly kind: "KEYPAD";
  readonly reader: number;
  readonly keys: string;
}

/** The card bits of a RAW report as a '0'/'1' string in transmission order, for the card-format decoders. */
export const rawBits = (raw: Pick<RawCardData, "bitCount" | "data">): string => {
  let bits = "";
  for (let i = 0; i < raw.bitCount; i++) bits += ((raw.data[i >> 3] ?? 0) >> (7 - (i & 7))) & 1 ? "1" : "0";
  return bits;
};

/** RAW codec; data shorter than `bitCount` needs is an error. */
export const rawCardDataCodec: MessageCodec<RawCardData> = {
  kind: "RAW",
  code: ReplyCode.RAW,
  encode: (m) => concatBytes(Uint8Array.of(m.reader, m.format), u16le(m.bitCount), m.data),
  decode: (r) => {
    const reader = r.u8();
    const format = r.u8();
    const bitCount = r.u16();
    const data = r.rest();
    if (data.length < Math.ceil(bitCount / 8))
      r.fail(`RAW: ${bitCount} bits need ${Math.ceil(bitCount / 8)} bytes`);
    return { kind: "RAW", reader, format, bitCount, data };
  },
};

// The spec sends '#' as 0x0D and '*' as 0x7F; some stacks send the ASCII characters (DESIGN §7).
const SPEC_HASH = 0x0d;
const SPEC_STAR = 0x7f;

/** The key a KEYPAD byte stands for: 0x0D and 0x23 are '#', 0x7F and 0x2A are '*', digits as themselves. */
export const keypadKey = (byte: number): string =>
  byte === SPEC_HASH ? "#" : byte === SPEC_STAR ? "*" : String.fromCharCode(byte);

const keypadByte = (key: string): number =>
  key === "#" ? SPEC_HASH : key === "*" ? SPEC_STAR : key.charCodeAt(0) & 0xff;

/** KEYPAD codec: encodes '#'/'*' the spec's way (0x0D/0x7F). */
export const keypadDataCodec: MessageCodec<KeypadData> = {
  kind: "KEYPAD",
  code: ReplyCode.KEYPAD,
  encode: (m) =>
    concatBytes(
      Uint8Array.of(m.reader, m.keys.length),
      Uint8Array.from({ length: m.keys.length }, (_, i) => keypadByte(m.keys[i]!)),
    ),
  decode: (r) => {
    const reader = r.u8();
    const keys = Array.from(r.bytes(r.u8()), keypadKey).join("");
    return { kind: "KEYPAD", reader, keys };
  },
};
