import { Either, FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import {
  activeCardFormatSet,
  defaultCardFormatLibrary,
  makeCardFormatSet,
  validateCardFormat,
} from "../../src/cardformat";
import { decodeWiegandFrame, defaultKeypadMapping, makeWiegandReader } from "../../src/wiegand";

const site = Either.getOrThrow(activeCardFormatSet(defaultCardFormatLibrary));
const eightBit = Either.getOrThrow(
  validateCardFormat({ name: "Eight", bits: 8, cardNumber: { range: { from: 0, to: 7 } } }),
);
const refusal = <A, E>(result: Either.Either<A, E>): E => Either.getOrThrow(Either.flip(result));

describe("Wiegand reader setup", () => {
  it("refuses keypad bursts alongside an active 4- or 8-bit card format", () => {
    const formats = Either.getOrThrow(makeCardFormatSet([eightBit]));
    const error = refusal(makeWiegandReader(formats, defaultKeypadMapping));
    expect(error.field).toBe("keypad");
    expect(error.message).toContain("Eight");
    expect(Either.isRight(makeWiegandReader(formats))).toBe(true);
  });

  it("refuses a keypad mapping onto digits or one value for both keys", () => {
    expect(refusal(makeWiegandReader(site, { star: 3, hash: 11 })).field).toBe("keypad.star");
    expect(refusal(makeWiegandReader(site, { star: 11, hash: 11 })).field).toBe("keypad.hash");
  });
});

describe("decoding Wiegand frames", () => {
  const keypadReader = Either.getOrThrow(makeWiegandReader(site, defaultKeypadMapping));

  it("reads a card with the effective format of its length", () => {
    expect(decodeWiegandFrame(keypadReader, "10010101000000000010001010")).toEqual({
      _tag: "CardDecoded",
      format: "H10301",
      facility: 42n,
      card: 69n,
      parityOk: true,
    });
  });

  it("reports a parity failure as a result", () => {
    expect(decodeWiegandFrame(keypadReader, "00010101000000000010001010")).toMatchObject({
      parityOk: false,
      card: 69n,
    });
  });

  it("reads 4- and 8-bit bursts as keys on a keypad reader", () => {
    expect(decodeWiegandFrame(keypadReader, "1011")).toEqual({ _tag: "KeyPressed", key: "#" });
    expect(decodeWiegandFrame(keypadReader, "10000111")).toEqual({ _tag: "KeyPressed", key: "7" });
  });

  it("reads a 4-bit burst as an unknown length on a reader without keypad", () => {
    const reader = Either.getOrThrow(makeWiegandReader(site));
    expect(decodeWiegandFrame(reader, "1011")).toEqual({ _tag: "UnknownLength", length: 4 });
  });

  it("never throws, whatever the frame", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.constantFrom("0", "1"), { maxLength: 300 }).map((a) => a.join("")),
          fc.string(),
        ),
        (bits) => {
          expect(decodeWiegandFrame(keypadReader, bits)._tag).toMatch(
            /^(CardDecoded|UnknownLength|MalformedFrame|KeyPressed|KeypadRejected)$/,
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});
