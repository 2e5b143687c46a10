/** The predefined card formats of the seed manual, laid out as in shared/vectors/wiegand/formats.json. */
import { Either } from "effect";
import { type BitRange, type CardFormat, type CardFormatInput, validateCardFormat } from "./CardFormat";

const range = (from: number, to: number): BitRange => ({ from, to });

/**
 * The ranges of positions `from..to` whose index modulo 3 is not `skip`: the interleaved
 * parity masks of HID Corporate 1000 ({2,3,5,6,…} and the like).
 */
const everyThirdSkipped = (from: number, to: number, skip: number): Array<BitRange> => {
  const ranges: Array<BitRange> = [];
  for (let i = from; i <= to; i++) {
    if (i % 3 === skip) continue;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.to === i - 1) ranges[ranges.length - 1] = range(last.from, i);
    else ranges.push(range(i, i));
  }
  return ranges;
};

const definitions: ReadonlyArray<CardFormatInput> = [
  {
    name: "H10301",
    bits: 26,
    facilityCode: { range: range(1, 8) },
    cardNumber: { range: range(9, 24) },
    parity: [
      { position: 0, parity: "even", over: [range(1, 12)] },
      { position: 25, parity: "odd", over: [range(13, 24)] },
    ],
  },
  {
    name: "H10306",
    bits: 34,
    facilityCode: { range: range(1, 16) },
    cardNumber: { range: range(17, 32) },
    parity: [
      { position: 0, parity: "even", over: [range(1, 16)] },
      { position: 33, parity: "odd", over: [range(17, 32)] },
    ],
  },
  {
    name: "C1k35s",
    bits: 35,
    facilityCode: { range: range(2, 13) },
    cardNumber: { range: range(14, 33) },
    parity: [
      { position: 1, parity: "even", over: everyThirdSkipped(2, 33, 1) },
      { position: 34, parity: "odd", over: everyThirdSkipped(1, 32, 0) },
      { position: 0, parity: "odd", over: [range(1, 34)] },
    ],
  },
  {
    name: "H10302",
    bits: 37,
    cardNumber: { range: range(1, 35) },
    parity: [
      { position: 0, parity: "even", over: [range(1, 18)] },
      { position: 36, parity: "odd", over: [range(18, 35)] },
    ],
  },
  {
    name: "H10304",
    bits: 37,
    facilityCode: { range: range(1, 16) },
    cardNumber: { range: range(17, 35) },
    parity: [
      { position: 0, parity: "even", over: [range(1, 18)] },
      { position: 36, parity: "odd", over: [range(18, 35)] },
    ],
  },
  {
    name: "C1k48s",
    bits: 48,
    facilityCode: { range: range(2, 23) },
    cardNumber: { range: range(24, 46) },
    parity: [
      { position: 1, parity: "even", over: everyThirdSkipped(3, 46, 2) },
      { position: 47, parity: "odd", over: everyThirdSkipped(2, 45, 1) },
      { position: 0, parity: "odd", over: [range(1, 47)] },
    ],
  },
];

/** The predefined formats in their default settings, in the seed manual's order. */
export const predefinedCardFormats: ReadonlyArray<CardFormat> = definitions.map((d) =>
  // A predefined layout that fails validation is a programming error, caught by the tests.
  Either.getOrThrow(validateCardFormat(d)),
);

/** Predefined formats a new site leaves inactive: H10304 has H10302's 37 bits. */
export const inactiveByDefault: ReadonlySet<string> = new Set(["H10304"]);

/** The default settings of a predefined format, or `undefined` for a custom name. */
export const predefinedCardFormat = (name: string): CardFormat | undefined =>
  predefinedCardFormats.find((f) => f.name === name);
