import { describe, expect, it } from "vitest";
import { checksum8, crc16 } from "../../src/osdp";

describe("frame checks", () => {
  it("CRC-16/AUG-CCITT check value of '123456789' is 0xE5CC", () => {
    expect(crc16(new TextEncoder().encode("123456789"))).toBe(0xe5cc);
  });

  it("CRC of the empty input is the init value 0x1D0F", () => {
    expect(crc16(new Uint8Array(0))).toBe(0x1d0f);
  });

  it("checksum makes the byte sum zero", () => {
    const bytes = Uint8Array.of(0x53, 0x65, 0x07, 0x00, 0x00, 0x60);
    const sum = bytes.reduce((a, b) => a + b, 0) + checksum8(bytes);
    expect(sum & 0xff).toBe(0);
    expect(checksum8(bytes)).toBe(0xe1);
  });
});
