import { describe, expect, it } from "vitest";
import { makeWiegandFramer, type WiegandEdge } from "../../src/wiegand";

/** A pulse: the low edge carries the bit, the high edge 50 µs later ends it. */
const pulse = (bit: "0" | "1", at: number): Array<WiegandEdge> => {
  const line = bit === "0" ? "D0" : "D1";
  return [
    { line, level: "low", at },
    { line, level: "high", at: at + 0.05 },
  ];
};
const pulses = (bits: string, at: number, intervalMs = 2) =>
  Array.from(bits).flatMap((b, i) => pulse(b as "0" | "1", at + i * intervalMs));

describe("Wiegand framer", () => {
  it("closes a frame once the 25 ms end-of-frame gap has passed, not before", () => {
    const framer = makeWiegandFramer();
    for (const edge of pulses("1011", 100)) expect(framer.push(edge)).toBeUndefined();
    expect(framer.deadline).toBeCloseTo(106.05 + 25);
    expect(framer.poll(130)).toBeUndefined();
    expect(framer.poll(131.05)).toEqual({ _tag: "WiegandFrame", bits: "1011", at: 131.05 });
    expect(framer.deadline).toBeUndefined();
    expect(framer.poll(500)).toBeUndefined();
  });

  it("hands over the previous frame when a pulse comes after the gap", () => {
    const framer = makeWiegandFramer();
    const out = [...pulses("10", 0), ...pulses("01", 200)]
      .map((e) => framer.push(e))
      .filter((f) => f !== undefined);
    expect(out).toEqual([{ _tag: "WiegandFrame", bits: "10", at: 2.05 + 25 }]);
    expect(framer.poll(1000)).toEqual({ _tag: "WiegandFrame", bits: "01", at: 202.05 + 25 });
  });

  it("takes a configurable gap", () => {
    const framer = makeWiegandFramer({ endOfFrameGapMs: 10 });
    for (const edge of pulses("11", 0)) framer.push(edge);
    expect(framer.deadline).toBeCloseTo(12.05);
    expect(framer.poll(12.05)).toMatchObject({ bits: "11" });
  });

  it("keeps slow pulses within the gap in one frame", () => {
    const framer = makeWiegandFramer();
    for (const edge of pulses("110", 0, 20)) framer.push(edge);
    expect(framer.poll(1000)).toMatchObject({ bits: "110" });
  });

  it("ignores stray rising edges on an idle line", () => {
    const framer = makeWiegandFramer();
    expect(framer.push({ line: "D0", level: "high", at: 5 })).toBeUndefined();
    expect(framer.deadline).toBeUndefined();
  });

  it("reports a burst longer than the longest format as noise", () => {
    const framer = makeWiegandFramer({ maxBits: 8 });
    for (const edge of pulses("101010101", 0)) framer.push(edge);
    expect(framer.poll(1000)).toEqual({ _tag: "WiegandNoise", pulses: 9, at: 16.05 + 25 });
    for (const edge of pulses("1010", 2000)) framer.push(edge);
    expect(framer.poll(3000)).toMatchObject({ _tag: "WiegandFrame", bits: "1010" });
  });
});
