import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import { packBits, popcount32, reverse32 } from "../../src/cardformat/bitWords";

const naive = (x: number) => [...(x >>> 0).toString(2).padStart(32, "0")];

describe("bit words", () => {
  it("pack a frame first bit most significant, the last word left-aligned", () => {
    const bits = "1".repeat(32) + "101";
    const words = packBits(bits)!;
    expect([words[0]! >>> 0, words[1]! >>> 0]).toEqual([0xffffffff, 0b101 * 2 ** 29]);
    expect(packBits("0121")).toBeUndefined();
  });

  it("count and reverse bits like the naive definitions", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (x) => {
        expect(popcount32(x)).toBe(naive(x).filter((b) => b === "1").length);
        expect(naive(reverse32(x)).join("")).toBe(naive(x).reverse().join(""));
      }),
    );
  });
});
