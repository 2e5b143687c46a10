import { readFileSync } from "node:fs";
import {
  decodeWiegandFrame,
  defaultCardFormatLibrary,
  defaultKeypadMapping,
  makeWiegandFramer,
  makeWiegandReader,
  readerCardFormatSet,
  type WiegandBurst,
} from "@portcullis/protocols";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  receiveWiegand,
  VirtualClock,
  wiegandBurstEdges,
  wiegandFrameEdges,
  wiegandKeyBursts,
  WiegandLine,
} from "../src";

const vectors: ReadonlyArray<{ format: string; bits: string }> = JSON.parse(
  readFileSync(new URL("../../protocols/test/fixtures/wiegand/formats.json", import.meta.url), "utf8"),
).vectors;

const bitsOf = (bursts: ReadonlyArray<WiegandBurst>) =>
  bursts.map((b) => (b._tag === "WiegandFrame" ? b.bits : b._tag));

describe("Wiegand line simulator", () => {
  it("emits a ~50 µs low pulse on D0 or D1 every 2 ms", () => {
    expect(wiegandFrameEdges("10", 100)).toEqual([
      { line: "D1", level: "low", at: 100 },
      { line: "D1", level: "high", at: 100.05 },
      { line: "D0", level: "low", at: 102 },
      { line: "D0", level: "high", at: 102.05 },
    ]);
  });

  it.each(vectors)("carries the $format vector $bits through the framer unchanged", ({ bits }) => {
    expect(bitsOf(receiveWiegand(makeWiegandFramer(), wiegandFrameEdges(bits, 0)))).toEqual([bits]);
  });

  it("carries any frame up to 256 bits, one frame per burst", () => {
    const frame = fc
      .array(fc.constantFrom("0", "1"), { minLength: 1, maxLength: 256 })
      .map((a) => a.join(""));
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 4 }), (frames) => {
        expect(bitsOf(receiveWiegand(makeWiegandFramer(), wiegandBurstEdges(frames, 0, 600)))).toEqual(
          frames,
        );
      }),
    );
  });

  it("types keys as one burst per key, read back as key presses", () => {
    const reader = Either.getOrThrow(
      makeWiegandReader(
        Either.getOrThrow(readerCardFormatSet(defaultCardFormatLibrary, ["H10301"])),
        defaultKeypadMapping,
      ),
    );
    for (const burst of [4, 8] as const) {
      const bursts = wiegandKeyBursts(["1", "2", "*", "#"], { burst });
      const frames = receiveWiegand(makeWiegandFramer(), wiegandBurstEdges(bursts, 0, 150));
      expect(frames.map((f) => f._tag === "WiegandFrame" && decodeWiegandFrame(reader, f.bits))).toEqual(
        ["1", "2", "*", "#"].map((key) => ({ _tag: "KeyPressed", key })),
      );
    }
  });

  it("drives a framer in virtual time, queueing a send behind one in progress", () => {
    const clock = new VirtualClock(1_000);
    const framer = makeWiegandFramer();
    const frames: Array<WiegandBurst> = [];
    const line = new WiegandLine(clock, (edge) => {
      const burst = framer.push(edge);
      if (burst !== undefined) frames.push(burst);
    });
    line.sendFrame("10010101000000000010001010");
    line.sendKeys(["9"], { burst: 8 });
    clock.advance(1_000);
    const last = framer.poll(clock.now());
    expect(bitsOf(last === undefined ? frames : [...frames, last])).toEqual([
      "10010101000000000010001010",
      "01101001",
    ]);
    expect(frames[0]!.at).toBeCloseTo(1_000 + 25 * 2 + 0.05 + 25);
  });
});
