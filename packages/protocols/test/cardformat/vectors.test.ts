import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  compileCardFormat,
  decodeCardFrame,
  encodeCardFrame,
  makeCardFormatSet,
  predefinedCardFormat,
} from "../../src/cardformat";
import { wiegandVectors } from "./vectors";

describe("shared Wiegand vectors", () => {
  it("covers every predefined format", () => {
    expect(new Set(wiegandVectors.map((v) => v.format))).toEqual(
      new Set(["H10301", "H10306", "C1k35s", "H10302", "H10304", "C1k48s"]),
    );
  });

  for (const v of wiegandVectors) {
    const format = predefinedCardFormat(v.format)!;
    const fields = { card: BigInt(v.card), ...(v.facility === null ? {} : { facility: BigInt(v.facility) }) };

    it(`decodes ${v.format} ${v.bits} (${v.source})`, () => {
      const set = Either.getOrThrow(makeCardFormatSet([format]));
      expect(decodeCardFrame(set, v.bits)).toEqual({
        _tag: "CardDecoded",
        format: v.format,
        parityOk: true,
        ...fields,
      });
    });

    it(`encodes ${v.format} facility ${v.facility} card ${v.card} to the vector's bits`, () => {
      expect(encodeCardFrame(compileCardFormat(format), fields)).toEqual(Either.right(v.bits));
    });
  }
});
