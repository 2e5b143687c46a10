import { SimulatedPd, VirtualClock } from "@portcullis/testkit";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  type CpLineEvent,
  decodeFrame,
  decodeMessage,
  isCommand,
  makeCpLine,
  type OsdpTransport,
  parseCapture,
  type PdCap,
  type PdId,
  rawBits,
  toHex,
} from "../../../src";
import { seededCrypto, transcriptText } from "../vectors";

const ADDRESS = 101;
const entries = parseCapture(transcriptText).map((e) => Either.getOrThrow(e));
const cpFrames = entries.filter((e) => e.io === "output").map((e) => e.data);
const pdFrames = entries.filter((e) => e.io === "input").map((e) => e.data);

const messageOf = (bytes: Uint8Array) => {
  const frame = Either.getOrThrow(decodeFrame(bytes));
  return Either.getOrThrow(decodeMessage(frame.reply, frame.code, frame.data));
};

/** A transport whose bytes the test writes and reads itself. */
const testWire = () => {
  const listeners = new Set<(chunk: Uint8Array) => void>();
  const written: Array<Uint8Array> = [];
  const transport: OsdpTransport = {
    write: (bytes) => void written.push(bytes),
    onData: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { transport, written, deliver: (chunk: Uint8Array) => listeners.forEach((l) => l(chunk)) };
};

describe("plaintext transcript (PD 101, CRC) replayed", () => {
  it("through the CP: it sends every command byte for byte and reports the card, keys and status", () => {
    const clock = new VirtualClock();
    const wire = testWire();
    const line = makeCpLine({
      transport: wire.transport,
      clock,
      crypto: seededCrypto(1),
      baudRate: 9600,
      readers: [{ readerId: "r101", address: ADDRESS, scbk: null }],
    });
    const events: Array<CpLineEvent> = [];
    line.subscribe((e) => events.push(e));
    line.start();
    for (let i = 0; i < cpFrames.length; i++) {
      clock.advance(60);
      expect(wire.written.length).toBe(i + 1);
      expect(toHex(wire.written[i]!)).toBe(toHex(cpFrames[i]!));
      // The host queues the transcript's LED/BUZ/OUT/TEXT/LSTAT before the slot that sends it.
      const next = cpFrames[i + 1] === undefined ? undefined : messageOf(cpFrames[i + 1]!);
      if (next !== undefined && isCommand(next) && !["POLL", "ID", "CAP"].includes(next.kind))
        expect(line.send("r101", next)).toBe(true);
      wire.deliver(pdFrames[i]!);
    }
    line.stop();
    const reported = events
      .filter((e) => !["PdIdentified", "ReaderOnline"].includes(e.type))
      .map((e) => ({ ...e, at: undefined }));
    expect(reported).toEqual([
      { type: "LocalStatus", readerId: "r101", at: undefined, tamper: false, powerFailure: false },
      {
        type: "CardRead",
        readerId: "r101",
        at: undefined,
        reader: 0,
        format: 1,
        bits: "10001010001010110011110001",
      },
      { type: "Keypad", readerId: "r101", at: undefined, reader: 0, keys: "1234#" },
    ]);
    expect(events.filter((e) => e.type === "ReaderOnline").length).toBe(1);
  });

  it("through the simulated PD: it answers every command byte for byte", () => {
    const clock = new VirtualClock();
    const wire = testWire();
    const replies: Array<Uint8Array> = [];
    const pd = new SimulatedPd({
      clock,
      transport: { write: (b) => void replies.push(b), onData: wire.transport.onData },
      address: ADDRESS,
      id: messageOf(pdFrames[0]!) as PdId,
      capabilities: (messageOf(pdFrames[1]!) as PdCap).capabilities,
      keypadEncoding: "ascii",
    });
    for (let i = 0; i < cpFrames.length; i++) {
      const expected = messageOf(pdFrames[i]!);
      if (expected.kind === "RAW") pd.swipe(rawBits(expected), { format: expected.format });
      if (expected.kind === "KEYPAD") pd.keypad(expected.keys);
      wire.deliver(cpFrames[i]!);
      clock.advance(10);
      expect(replies.length).toBe(i + 1);
      // The reference stack sends a mark byte before each frame; the simulated PD does not.
      expect(toHex(replies[i]!)).toBe(toHex(pdFrames[i]!).slice(2));
    }
    expect(pd.indicators.text?.text).toBe("HELLO");
    expect(pd.indicators.ledColor(clock.now())).toBeGreaterThan(0);
  });
});
