import { Either, FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import {
  decodeCommand,
  decodeFrame,
  decodeMessage,
  decodeReply,
  encodeCommand,
  encodeFrame,
  encodeReply,
  keypadKey,
  parseCapture,
  rawBits,
  toHex,
} from "../../src/osdp";
import { commandArb, replyArb } from "./arbitraries";
import { hex, transcriptText } from "./vectors";

describe("message codecs", () => {
  it("decode(encode(command)) = command for every command", () => {
    fc.assert(
      fc.property(commandArb, (command) => {
        const { code, data } = encodeCommand(command);
        expect(decodeCommand(code, data)).toEqual(Either.right(command));
      }),
      { numRuns: 500 },
    );
  });

  it("decode(encode(reply)) = reply for every reply", () => {
    fc.assert(
      fc.property(replyArb, (reply) => {
        const { code, data } = encodeReply(reply);
        expect(decodeReply(code, data)).toEqual(Either.right(reply));
      }),
      { numRuns: 500 },
    );
  });

  it("decoding never throws on arbitrary payloads; wrong lengths are MessageErrors", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.boolean(),
        (code, data, reply) => {
          const result = decodeMessage(reply, code, data);
          if (Either.isLeft(result)) expect(result.left._tag).toBe("MessageError");
        },
      ),
    );
    expect(Either.isLeft(decodeReply(0x45, hex("00 0E E3 10")))).toBe(true);
    expect(Either.isLeft(decodeCommand(0x68, hex("00 03 64")))).toBe(true);
    expect(Either.isLeft(decodeCommand(0x60, hex("00")))).toBe(true);
  });

  it("KEYPAD keys: '#' as 0x0D or 0x23 and '*' as 0x7F or 0x2A read the same", () => {
    expect([0x0d, 0x23, 0x7f, 0x2a, 0x35].map(keypadKey).join("")).toBe("##**5");
    const spec = decodeReply(0x53, hex("00 04 31 0D 7F 32"));
    const ascii = decodeReply(0x53, hex("00 04 31 23 2A 32"));
    expect(spec).toEqual(Either.right({ kind: "KEYPAD", reader: 0, keys: "1#*2" }));
    expect(ascii).toEqual(spec);
  });

  it("RAW card bits come out MSB first, exactly bitCount of them", () => {
    expect(rawBits({ bitCount: 10, data: hex("A5 C0") })).toBe("1010010111");
  });
});

describe("plaintext transcript (PD 101, CRC)", () => {
  const entries = parseCapture(transcriptText);
  const frames = entries.map((e) => Either.getOrThrow(e));
  const messages = frames.map((entry) => {
    const frame = Either.getOrThrow(decodeFrame(entry.data));
    expect(frame.reply).toBe(entry.io === "input");
    expect(frame.addr).toBe(101);
    expect(toHex(encodeFrame(frame, { mark: true }))).toBe(toHex(entry.data));
    return Either.getOrThrow(decodeMessage(frame.reply, frame.code, frame.data));
  });
  const find = (kind: string) => messages.find((m) => m.kind === kind);

  it("every line decodes to a frame and a typed message, and re-encodes byte for byte", () => {
    expect(messages.length).toBeGreaterThan(100);
    expect(messages.every((m) => m.kind !== "Unknown")).toBe(true);
  });

  it("bring-up: ID → PDID, CAP → PDCAP", () => {
    expect(find("PDID")).toEqual({
      kind: "PDID",
      vendorCode: hex("C3 B2 A1"),
      model: 0x99,
      version: 1,
      serialNumber: 0x01020304,
      firmware: { major: 10, minor: 11, build: 12 },
    });
    const cap = find("PDCAP");
    expect(cap?.kind === "PDCAP" && cap.capabilities).toContainEqual({
      function: 9,
      compliance: 1,
      count: 0,
    });
  });

  it("LED, BUZ, OUT, TEXT and LSTATR carry their fields", () => {
    expect(find("LED")).toEqual({
      kind: "LED",
      records: [
        {
          reader: 0,
          led: 0,
          temporary: { control: 2, onTime: 5, offTime: 5, onColor: 2, offColor: 0, timer: 30 },
          permanent: { control: 1, onTime: 1, offTime: 0, onColor: 1, offColor: 0 },
        },
      ],
    });
    expect(find("BUZ")).toEqual({ kind: "BUZ", reader: 0, tone: 2, onTime: 2, offTime: 2, count: 1 });
    expect(find("OUT")).toEqual({ kind: "OUT", records: [{ output: 0, control: 5, timer: 50 }] });
    expect(find("TEXT")).toEqual({
      kind: "TEXT",
      reader: 0,
      command: 1,
      tempTime: 0,
      row: 1,
      column: 1,
      text: "HELLO",
    });
    expect(find("LSTATR")).toEqual({ kind: "LSTATR", tamper: false, powerFailure: false });
  });

  it("a 26-bit card read and keypad '1234#'", () => {
    const raw = find("RAW");
    expect(raw).toMatchObject({ kind: "RAW", reader: 0, format: 1, bitCount: 26 });
    expect(raw?.kind === "RAW" && rawBits(raw)).toBe("10001010001010110011110001");
    expect(find("KEYPAD")).toEqual({ kind: "KEYPAD", reader: 0, keys: "1234#" });
  });
});
