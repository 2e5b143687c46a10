import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  type CardDecodeResult,
  decodeCardFrame,
  makeCardFormatSet,
  validateCardFormat,
} from "../../src/cardformat";

// Seed manual "Card format settings": card number 64332 = 0xFB4C.
const decode16 = (
  bits: string,
  inversions: { invertBitOrder?: boolean; invertByteOrder?: boolean },
): CardDecodeResult => {
  const format = Either.getOrThrow(
    validateCardFormat({
      name: "sixteen",
      bits: 16,
      cardNumber: { range: { from: 0, to: 15 } },
      ...inversions,
    }),
  );
  return decodeCardFrame(Either.getOrThrow(makeCardFormatSet([format])), bits);
};

const FB4C = "1111101101001100";
const card = (n: bigint) => ({ _tag: "CardDecoded", format: "sixteen", parityOk: true, card: n });

describe("the seed's 64332 example", () => {
  it("reads FB4C as 64332", () => {
    expect(decode16(FB4C, {})).toEqual(card(64332n));
  });

  it("reads it right to left bit by bit as 13023 with invert bit order", () => {
    expect(decode16(FB4C, { invertBitOrder: true })).toEqual(card(13023n));
  });

  it("reads it right to left byte by byte as 19707 with invert byte order", () => {
    expect(decode16(FB4C, { invertByteOrder: true })).toEqual(card(19707n));
  });

  it("turns a reader's 4CFB back into 64332 with invert byte order", () => {
    expect(decode16("0100110011111011", { invertByteOrder: true })).toEqual(card(64332n));
  });

  it("with both inversions reverses the bits within each byte", () => {
    // 1111 1011 | 0100 1100 → 1101 1111 | 0011 0010 = 0xDF32
    expect(decode16(FB4C, { invertBitOrder: true, invertByteOrder: true })).toEqual(card(0xdf32n));
  });
});

describe("inversions apply to the whole frame before fields and parity", () => {
  it("reads an H10301-like layout from a bit-reversed frame", () => {
    const layout = {
      bits: 26,
      facilityCode: { range: { from: 1, to: 8 } },
      cardNumber: { range: { from: 9, to: 24 } },
      parity: [
        { position: 0, parity: "even", over: [{ from: 1, to: 12 }] },
        { position: 25, parity: "odd", over: [{ from: 13, to: 24 }] },
      ],
    };
    const reversed = Either.getOrThrow(validateCardFormat({ name: "rev", invertBitOrder: true, ...layout }));
    const set = Either.getOrThrow(makeCardFormatSet([reversed]));
    const sent = [..."10010101000000000010001010"].reverse().join("");
    expect(decodeCardFrame(set, sent)).toEqual({
      _tag: "CardDecoded",
      format: "rev",
      parityOk: true,
      facility: 42n,
      card: 69n,
    });
  });
});
