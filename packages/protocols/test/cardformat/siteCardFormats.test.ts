/** A site's card formats as its file states them: edits, custom formats, activation, readers' custom sets. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  checkSiteCardFormats,
  encodeCardFrame,
  compileCardFormat,
  predefinedCardFormat,
  siteCardDecoder,
} from "../../src";

const reader = (id: string, cardFormats?: string[]) => ({
  id,
  type: "osdp",
  ...(cardFormats && { cardFormats }),
});
const site = (cardFormats: unknown[], readers = [reader("r1"), reader("r2", ["C1k35s"])]) => ({
  cardFormats,
  doors: [{ type: "standard", sides: { A: { readers }, B: { readers: [] } } }],
});
const custom32 = {
  name: "Custom32",
  bits: 32,
  cardNumber: { range: { from: 0, to: 31 } },
  active: true,
};
const h10301 = (card: bigint, facility: bigint) =>
  Either.getOrThrow(encodeCardFrame(compileCardFormat(predefinedCardFormat("H10301")!), { card, facility }));

describe("site card formats", () => {
  it("the predefined set applies when the file says nothing", () => {
    expect(checkSiteCardFormats(site([]))).toEqual([]);
    expect(siteCardDecoder(site([]))("r1", h10301(1001n, 17n))).toMatchObject({
      card: { number: 1001n },
      format: "H10301",
    });
  });

  it("adds and activates a custom format, and swaps two formats of one length in one change", () => {
    const s = site([custom32, { name: "H10302", active: false }, { name: "H10304", active: true }]);
    expect(checkSiteCardFormats(s)).toEqual([]);
    const decoded = siteCardDecoder(s)("r1", "1".repeat(31) + "0");
    expect(decoded).toMatchObject({ format: "Custom32", card: { number: 0xfffffffen } });
  });

  it("refuses two active formats of one bit length, naming the field", () => {
    expect(checkSiteCardFormats(site([{ name: "H10304", active: true }]))).toMatchObject([
      { field: "cardFormats" },
    ]);
  });

  it("refuses changes to a predefined format beyond its invert flags", () => {
    expect(checkSiteCardFormats(site([{ name: "H10301", bits: 27 }]))[0]?.field).toBe("cardFormats[0].bits");
    expect(checkSiteCardFormats(site([{ name: "H10301", invertBitOrder: true }]))).toEqual([]);
  });

  it("a reader's custom set decodes with its own formats and must name existing ones", () => {
    const decoder = siteCardDecoder(site([]));
    expect(decoder("r2", h10301(1001n, 17n))).toMatchObject({ card: undefined });
    expect(checkSiteCardFormats(site([], [reader("r1", ["Nope"])]))[0]?.field).toBe(
      "doors[0].sides.A.readers[0].cardFormats",
    );
  });

  it("formats are (de)activated only when a controller has a reader", () => {
    expect(checkSiteCardFormats(site([{ name: "H10304", active: false }], []))[0]?.field).toBe(
      "cardFormats[0].active",
    );
  });
});
