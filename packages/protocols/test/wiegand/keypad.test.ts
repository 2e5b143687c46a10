import { describe, expect, it } from "vitest";
import {
  decodeKeypadBurst,
  defaultKeypadMapping,
  encodeKeypadBurst,
  type KeypadKey,
} from "../../src/wiegand";

const keys: ReadonlyArray<KeypadKey> = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"];

describe("keypad bursts", () => {
  it("sends one nibble per key in 4-bit mode, * as 1010 and # as 1011 by default", () => {
    expect(encodeKeypadBurst("5", 4, defaultKeypadMapping)).toBe("0101");
    expect(encodeKeypadBurst("*", 4, defaultKeypadMapping)).toBe("1010");
    expect(encodeKeypadBurst("#", 4, defaultKeypadMapping)).toBe("1011");
  });

  it("sends the complement nibble first in 8-bit mode", () => {
    expect(encodeKeypadBurst("1", 8, defaultKeypadMapping)).toBe("11100001");
    expect(encodeKeypadBurst("0", 8, defaultKeypadMapping)).toBe("11110000");
    expect(encodeKeypadBurst("#", 8, defaultKeypadMapping)).toBe("01001011");
  });

  it.each([4, 8] as const)("reads back every key of a %i-bit burst", (burst) => {
    for (const key of keys)
      expect(
        decodeKeypadBurst(encodeKeypadBurst(key, burst, defaultKeypadMapping), defaultKeypadMapping),
      ).toEqual({
        _tag: "KeyPressed",
        key,
      });
  });

  it("follows a configured mapping", () => {
    const mapping = { star: 14, hash: 15 };
    expect(encodeKeypadBurst("*", 4, mapping)).toBe("1110");
    expect(decodeKeypadBurst("1111", mapping)).toEqual({ _tag: "KeyPressed", key: "#" });
    expect(decodeKeypadBurst("1010", mapping)).toEqual({
      _tag: "KeypadRejected",
      bits: "1010",
      reason: "unmapped",
    });
  });

  it("rejects an 8-bit burst whose first nibble is not the complement", () => {
    expect(decodeKeypadBurst("11110001", defaultKeypadMapping)).toEqual({
      _tag: "KeypadRejected",
      bits: "11110001",
      reason: "complement",
    });
  });
});
