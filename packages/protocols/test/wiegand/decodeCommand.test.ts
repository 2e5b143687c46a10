import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import { wiegandDecodeCommand } from "../../src/wiegand";
import { wiegandVectors } from "../cardformat/vectors";

describe("wiegandDecodeCommand (portcullis wiegand decode)", () => {
  it.each(wiegandVectors)("decodes the $format vector $bits", (v) => {
    expect(wiegandDecodeCommand(v.format, v.bits)).toEqual({
      ok: true,
      format: v.format,
      facility: v.facility === null ? null : String(v.facility),
      card: String(v.card),
      parityOk: true,
    });
  });

  it("matches format names case-insensitively", () => {
    expect(wiegandDecodeCommand("h10301", "10010101000000000010001010")).toMatchObject({
      ok: true,
      format: "H10301",
    });
  });

  it("reports a parity failure as ok with parityOk false", () => {
    expect(wiegandDecodeCommand("H10301", "10010101000000000010001011")).toEqual({
      ok: true,
      format: "H10301",
      facility: "42",
      card: "69",
      parityOk: false,
    });
  });

  it.each([
    ["H10301", "1001010100000000001000101x"],
    ["H10301", ""],
    ["H10301", "1001010100000000001000101"],
    ["H99999", "10010101000000000010001010"],
  ])("refuses malformed input: %s %s", (format, bits) => {
    const out = wiegandDecodeCommand(format, bits);
    expect(out.ok).toBe(false);
    expect(out).toHaveProperty("error", expect.any(String));
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (format, bits) => {
        expect(typeof wiegandDecodeCommand(format, bits).ok).toBe("boolean");
      }),
    );
  });
});
