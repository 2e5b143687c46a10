import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { CardFormatError, formatFieldValue, validateCardFormat } from "../../src/cardformat";

const base = { name: "custom", bits: 32, cardNumber: { range: { from: 0, to: 31 } } };

const refusal = (input: unknown) => Either.flip(validateCardFormat(input)).pipe(Either.getOrThrow);

describe("card format validation", () => {
  it("fills in defaults: no inversion, decimal, big-endian, no parity", () => {
    expect(validateCardFormat(base)).toEqual(
      Either.right({
        name: "custom",
        bits: 32,
        invertBitOrder: false,
        invertByteOrder: false,
        cardNumber: { range: { from: 0, to: 31 }, output: "decimal", bitOrder: "big-endian" },
        parity: [],
      }),
    );
  });

  it("accepts 1 and 256 bits, refuses 0 and 257", () => {
    expect(Either.isRight(validateCardFormat({ ...base, bits: 256 }))).toBe(true);
    expect(
      Either.isRight(validateCardFormat({ ...base, bits: 1, cardNumber: { range: { from: 0, to: 0 } } })),
    ).toBe(true);
    expect(refusal({ ...base, bits: 0 }).field).toBe("bits");
    expect(refusal({ ...base, bits: 257 }).field).toBe("bits");
  });

  it("allows invert byte order only when the bit length divides by 8", () => {
    expect(Either.isRight(validateCardFormat({ ...base, invertByteOrder: true }))).toBe(true);
    const error = refusal({
      ...base,
      bits: 26,
      cardNumber: { range: { from: 0, to: 7 } },
      invertByteOrder: true,
    });
    expect(error).toBeInstanceOf(CardFormatError);
    expect(error.field).toBe("invertByteOrder");
  });

  it("requires a card number or a facility code", () => {
    expect(refusal({ name: "empty", bits: 8 }).field).toBe("cardNumber");
    expect(
      Either.isRight(
        validateCardFormat({ name: "fc", bits: 8, facilityCode: { range: { from: 0, to: 7 } } }),
      ),
    ).toBe(true);
  });

  it.each([
    [{ ...base, name: "  " }, "name"],
    [{ ...base, cardNumber: { range: { from: 0, to: 32 } } }, "cardNumber.range.to"],
    [{ ...base, cardNumber: { range: { from: 5, to: 4 } } }, "cardNumber.range.to"],
    [{ ...base, cardNumber: { range: { from: 0, to: 3 }, output: "octal" } }, "cardNumber.output"],
    [{ ...base, facilityCode: { range: { from: 30, to: 31 } } }, "facilityCode.range"],
    [
      {
        ...base,
        cardNumber: { range: { from: 1, to: 30 } },
        parity: [{ position: 32, parity: "even", over: [{ from: 1, to: 4 }] }],
      },
      "parity[0].position",
    ],
    [
      {
        ...base,
        cardNumber: { range: { from: 1, to: 30 } },
        parity: [{ position: 0, parity: "even", over: [{ from: 0, to: 4 }] }],
      },
      "parity[0].over",
    ],
    [
      {
        ...base,
        cardNumber: { range: { from: 1, to: 30 } },
        parity: [{ position: 5, parity: "even", over: [{ from: 0, to: 4 }] }],
      },
      "parity[0].position",
    ],
    [
      {
        ...base,
        cardNumber: { range: { from: 1, to: 30 } },
        parity: [{ position: 0, parity: "odd", over: [] }],
      },
      "parity[0].over",
    ],
    [
      {
        ...base,
        cardNumber: { range: { from: 1, to: 30 } },
        parity: [{ position: 0, parity: "even", over: [{ from: 1, to: 40 }] }],
      },
      "parity[0].over[0].to",
    ],
    [
      {
        ...base,
        cardNumber: { range: { from: 1, to: 30 } },
        parity: [
          { position: 0, parity: "even", over: [{ from: 1, to: 4 }] },
          { position: 0, parity: "odd", over: [{ from: 5, to: 8 }] },
        ],
      },
      "parity[1].position",
    ],
    [
      {
        ...base,
        cardNumber: { range: { from: 2, to: 30 } },
        parity: [
          { position: 0, parity: "even", over: [{ from: 1, to: 4 }] },
          { position: 1, parity: "odd", over: [{ from: 5, to: 8 }] },
        ],
      },
      "parity[0].over",
    ],
  ])("names the offending field %#", (input, field) => {
    expect(refusal(input).field).toBe(field);
  });
});

describe("field output format", () => {
  it("shows decimal or lower-case hexadecimal", () => {
    const field = { range: { from: 0, to: 15 }, output: "decimal", bitOrder: "big-endian" } as const;
    expect(formatFieldValue(field, 64332n)).toBe("64332");
    expect(formatFieldValue({ ...field, output: "hex" }, 64332n)).toBe("fb4c");
  });
});
