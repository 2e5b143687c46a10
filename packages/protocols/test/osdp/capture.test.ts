import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { parseCapture, toHex, writeHexLines, writeOsdpcap } from "../../src/osdp";
import { hex } from "./vectors";

describe("captures", () => {
  it("reads osdpcap lines with string or number times and hex with or without spaces", () => {
    const text = [
      '{"timeSec":"1700000000","timeNano":"000500000","io":"output","data":"53 65 08 00 04 60 60 90","osdpTraceVersion":"1","osdpSource":"libosdp"}',
      '{"timeSec":1700000000,"timeNano":600000,"io":"input","data":"53e5070001408 0","osdpTraceVersion":"1","osdpSource":"OSDP.Net"}',
    ].join("\n");
    const [a, b] = parseCapture(text).map((e) => Either.getOrThrow(e));
    expect(a).toEqual({ timeSec: 1700000000, timeNano: 500000, io: "output", data: hex("5365080004606090") });
    expect(b).toMatchObject({ timeNano: 600000, io: "input", data: hex("53e50700014080") });
  });

  it("writes osdpcap that reads back identically, with io inferred from the reply bit when unknown", () => {
    const entries = [
      { timeSec: 1, timeNano: 2, io: "output" as const, data: hex("5365080004606090") },
      { timeSec: 3, timeNano: 4, io: null, data: hex("ff53e50700014080") },
    ];
    const text = writeOsdpcap(entries, "test");
    expect(JSON.parse(text.split("\n")[0]!)).toEqual({
      timeSec: "1",
      timeNano: "000000002",
      io: "output",
      data: "5365080004606090",
      osdpTraceVersion: "1",
      osdpSource: "test",
    });
    const back = parseCapture(text).map((e) => Either.getOrThrow(e));
    expect(back[1]).toEqual({ ...entries[1], io: "input" });
  });

  it("reads and writes plain hex lines; comments and blanks are skipped; bad lines are errors with their number", () => {
    const parsed = parseCapture("# a comment\n\n53 65 08 00 04 60 60 90\nnot hex\n");
    expect(Either.isRight(parsed[0]!)).toBe(true);
    expect(parsed[1]).toMatchObject(Either.left({ line: 4 }));
    const entry = Either.getOrThrow(parsed[0]!);
    expect(entry.io).toBeNull();
    expect(writeHexLines([entry])).toBe("5365080004606090\n");
    expect(toHex(entry.data)).toBe("5365080004606090");
  });

  it("malformed osdpcap records are errors, never exceptions", () => {
    const bad = [
      '{"timeSec":"x","io":"output","data":"53"}',
      '{"timeSec":1,"io":"sideways","data":"53"}',
      "{not json",
    ];
    for (const line of bad) expect(Either.isLeft(parseCapture(line)[0]!)).toBe(true);
  });
});
