import { Either, FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import {
  type CardFormat,
  type CardFormatInput,
  compileCardFormat,
  decodeCardFrame,
  encodeCardFrame,
  makeCardFormatSet,
  predefinedCardFormats,
  validateCardFormat,
} from "../../src/cardformat";

const width = (field: CardFormat["cardNumber"]) =>
  field === undefined ? 0 : field.range.to - field.range.from + 1;
const valueOf = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });

/** Field values that fit `format`, one for each field it has. */
const fieldsFor = (format: CardFormat) =>
  fc.record({
    ...(format.cardNumber === undefined ? {} : { card: valueOf(width(format.cardNumber)) }),
    ...(format.facilityCode === undefined ? {} : { facility: valueOf(width(format.facilityCode)) }),
  });

const roundTrips = (format: CardFormat) =>
  fc.property(fieldsFor(format), (fields) => {
    const set = Either.getOrThrow(makeCardFormatSet([format]));
    const bits = Either.getOrThrow(encodeCardFrame(compileCardFormat(format), fields));
    expect(decodeCardFrame(set, bits)).toEqual({
      _tag: "CardDecoded",
      format: format.name,
      parityOk: true,
      ...fields,
    });
  });

/** `from..to` split into ranges that skip `excluded`. */
const rangesWithout = (from: number, to: number, excluded: ReadonlyArray<number>) => {
  const ranges: Array<{ from: number; to: number }> = [];
  for (let i = from; i <= to; i++) {
    if (excluded.includes(i)) continue;
    const last = ranges.at(-1);
    if (last !== undefined && last.to === i - 1) last.to = i;
    else ranges.push({ from: i, to: i });
  }
  return ranges;
};

/**
 * Random valid layouts: the frame cut into free | card number | free | facility code (maybe empty) |
 * free, parity bits on free positions, each over a range that skips its own bit and later parity bits.
 */
const customFormat: fc.Arbitrary<CardFormat> = fc
  .integer({ min: 1, max: 256 })
  .chain((bits) =>
    fc.record({
      bits: fc.constant(bits),
      cuts: fc
        .array(fc.integer({ min: 0, max: bits }), { minLength: 4, maxLength: 4 })
        .map((c) => c.sort((a, b) => a - b)),
      invertBitOrder: fc.boolean(),
      invertByteOrder: fc.boolean().map((b) => b && bits % 8 === 0),
      orders: fc.tuple(
        fc.constantFrom("big-endian" as const, "little-endian" as const),
        fc.constantFrom("big-endian" as const, "little-endian" as const),
      ),
      parity: fc.array(
        fc.tuple(fc.nat(), fc.constantFrom("even" as const, "odd" as const), fc.nat(), fc.nat()),
        { maxLength: 4 },
      ),
    }),
  )
  .filter(({ cuts }) => cuts[0]! < cuts[1]!)
  .map(({ bits, cuts, invertBitOrder, invertByteOrder, orders, parity }): CardFormat => {
    const [a, b, c, d] = cuts as [number, number, number, number];
    const free = Array.from({ length: bits }, (_, i) => i).filter(
      (i) => i < a || (b <= i && i < c) || i >= d,
    );
    const positions = [
      ...new Set(parity.map(([p]) => free[p % Math.max(free.length, 1)]).filter((p) => p !== undefined)),
    ];
    const input: CardFormatInput = {
      name: "random",
      bits,
      invertBitOrder,
      invertByteOrder,
      cardNumber: { range: { from: a, to: b - 1 }, bitOrder: orders[0] },
      ...(c < d ? { facilityCode: { range: { from: c, to: d - 1 }, bitOrder: orders[1] } } : {}),
      parity: positions.flatMap((position, i) => {
        const [, kind, x, y] = parity[i]!;
        const over = rangesWithout(
          Math.min(x % bits, y % bits),
          Math.max(x % bits, y % bits),
          positions.slice(i),
        );
        return over.length === 0 ? [] : [{ position, parity: kind, over }];
      }),
    };
    return Either.getOrThrow(validateCardFormat(input));
  });

describe("decode(encode(x)) = x", () => {
  for (const format of predefinedCardFormats) {
    it(`for ${format.name}`, () => fc.assert(roundTrips(format)));
    it(`for ${format.name} with inverted bit order`, () =>
      fc.assert(roundTrips({ ...format, invertBitOrder: true })));
  }

  it("for random custom formats", () => {
    fc.assert(
      fc.property(customFormat, (format) => fc.assert(roundTrips(format), { numRuns: 5 })),
      { numRuns: 300 },
    );
  });
});

describe("parity", () => {
  it("fails, as a result, when any one bit under a parity rule of a predefined format flips", () => {
    for (const format of predefinedCardFormats) {
      const compiled = compileCardFormat(format);
      const set = Either.getOrThrow(makeCardFormatSet([format]));
      const bits = Either.getOrThrow(encodeCardFrame(compiled, { card: 1n }));
      const checked = new Set(compiled.parity.flatMap((rule) => [rule.position, ...rule.over]));
      for (const i of checked) {
        const flipped = bits.slice(0, i) + (bits[i] === "0" ? "1" : "0") + bits.slice(i + 1);
        expect(decodeCardFrame(set, flipped)).toMatchObject({ _tag: "CardDecoded", parityOk: false });
      }
    }
  });
});

describe("decoding never throws", () => {
  const site = Either.getOrThrow(makeCardFormatSet(predefinedCardFormats.filter((f) => f.name !== "H10304")));

  it("on random bit strings of any length", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("0", "1"), { maxLength: 300 }), (chars) => {
        const result = decodeCardFrame(site, chars.join(""));
        expect(["CardDecoded", "UnknownLength"]).toContain(result._tag);
      }),
      { numRuns: 2000 },
    );
  });

  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 64 }), (text) => {
        const result = decodeCardFrame(site, text);
        expect(result._tag === "MalformedFrame").toBe(!/^[01]*$/.test(text));
      }),
    );
  });
});
