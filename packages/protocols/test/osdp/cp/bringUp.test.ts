import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  activeCardFormatSet,
  type Command,
  defaultCardFormatLibrary,
  deriveScbk,
  feedbackCommands,
  decodeCardFrame,
  LedColor,
} from "../../../src";
import { hex, seededCrypto } from "../vectors";
import { type Harness, startLine } from "./harness";

const KEY = hex("00112233445566778899aabbccddeeff");
// H10301 facility 42, card 69 (shared/vectors/wiegand/formats.json, accessgrid.com Wiegand guide).
const H10301_BITS = "10010101000000000010001010";

const OUTPUT_ON: Command = { kind: "OUT", records: [{ output: 0, control: 2, timer: 0 }] };

/**
 * A reader "r1" and an I/O module "m" on one line; a card at the reader, and `onCard` run as the card's reply is
 * read (where a grant queues its commands); then `ms` of line time. Answers the commands other than polls the PDs
 * received since the card, in order, and whether the module's output 0 is on.
 */
const grantOnLine = (ms: number, onCard: (h: Harness) => void) => {
  const h = startLine([
    { readerId: "r1", address: 1 },
    { readerId: "m", address: 2, pd: { secureChannel: false, outputCount: 1 } },
  ]);
  h.clock.advance(500);
  h.line.subscribe((e) => {
    if (e.type === "CardRead") onCard(h);
  });
  const from = h.clock.now();
  h.pds[0]!.swipe(H10301_BITS);
  h.clock.advance(ms);
  const sent = h.pds
    .flatMap((pd) => pd.received.filter((r) => r.at >= from && r.kind !== "POLL"))
    .sort((a, b) => a.at - b.at)
    .map((r) => r.kind);
  return { sent, outputOn: h.pds[1]!.indicators.outputOn(h.clock.now(), 0) };
};

describe("CP ↔ simulated PD bring-up", () => {
  it("plaintext: ID, CAP, then online and polled", () => {
    const h = startLine([{ readerId: "r1", address: 1 }]);
    h.clock.advance(1_000);
    expect(h.pds[0]!.received.slice(0, 3).map((r) => r.kind)).toEqual(["ID", "CAP", "POLL"]);
    expect(h.pds[0]!.received.slice(0, 5).map((r) => r.sqn)).toEqual([0, 1, 2, 3, 1]);
    expect(h.of("ReaderOnline")).toEqual([
      { type: "ReaderOnline", readerId: "r1", at: expect.any(Number), secureChannel: false },
    ]);
    expect(h.of("PdIdentified")[0]?.id?.serialNumber).toBe(1);
    expect(h.line.status("r1")).toBe("online");
    expect(h.of("SecureChannel")).toEqual([]);
  });

  it("Secure Channel with the reader's key: CHLNG, SCRYPT, then MAC'd polls", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: KEY, pd: { scbk: KEY } }]);
    h.clock.advance(1_000);
    const pd = h.pds[0]!;
    expect(pd.received.slice(0, 5).map((r) => r.kind)).toEqual(["ID", "CAP", "CHLNG", "SCRYPT", "POLL"]);
    expect(pd.secureChannelActive()).toBe(true);
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["active"]);
    expect(h.of("ReaderOnline")[0]?.secureChannel).toBe(true);
  });

  it("a card read becomes a typed event with the card's bits, which the reader's formats decode", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: KEY, pd: { scbk: KEY } }]);
    h.clock.advance(500);
    h.pds[0]!.swipe(H10301_BITS);
    h.clock.advance(200);
    const reads = h.of("CardRead");
    expect(reads).toEqual([
      { type: "CardRead", readerId: "r1", at: expect.any(Number), reader: 0, format: 1, bits: H10301_BITS },
    ]);
    const formats = Either.getOrThrow(activeCardFormatSet(defaultCardFormatLibrary));
    expect(decodeCardFrame(formats, reads[0]!.bits)).toEqual({
      _tag: "CardDecoded",
      format: "H10301",
      facility: 42n,
      card: 69n,
      parityOk: true,
    });
  });

  it("keypad keys arrive normalised, whether the PD sends '#' as 0x0D or as ASCII", () => {
    const h = startLine([
      { readerId: "spec", address: 1 },
      { readerId: "ascii", address: 2, pd: { keypadEncoding: "ascii" } },
    ]);
    h.clock.advance(500);
    h.pds[0]!.keypad("12*#");
    h.pds[1]!.keypad("12*#");
    h.clock.advance(300);
    expect(h.of("Keypad").map((e) => [e.readerId, e.keys])).toEqual([
      ["spec", "12*#"],
      ["ascii", "12*#"],
    ]);
  });

  it("tamper is reported through LSTATR", () => {
    const h = startLine([{ readerId: "r1", address: 1 }]);
    h.clock.advance(500);
    h.pds[0]!.setTamper(true);
    h.clock.advance(200);
    const status = h.of("LocalStatus");
    expect(status.map((e) => [e.tamper, e.powerFailure])).toEqual([[true, false]]);
  });

  it("feedback reaches the PD: grant shows green for 3 s with one beep, deny blinks red with three beeps", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: KEY, pd: { scbk: KEY } }]);
    h.clock.advance(500);
    const pd = h.pds[0]!;
    for (const command of feedbackCommands("grant")) expect(h.line.send("r1", command)).toBe(true);
    h.clock.advance(100);
    expect(pd.indicators.ledColor(h.clock.now())).toBe(LedColor.GREEN);
    expect(pd.indicators.buzzer?.state).toMatchObject({ count: 1, onTime: 3 });
    h.clock.advance(3_000);
    expect(pd.indicators.ledColor(h.clock.now())).toBe(LedColor.BLACK);

    for (const command of feedbackCommands("deny")) h.line.send("r1", command);
    h.clock.advance(200);
    const start = pd.indicators.buzzer!.since;
    const colors = [0, 100, 200, 300, 400].map((dt) => pd.indicators.ledColor(start + dt));
    expect(colors).toEqual([LedColor.RED, LedColor.RED, LedColor.BLACK, LedColor.BLACK, LedColor.RED]);
    expect(pd.indicators.buzzer?.state).toMatchObject({ count: 3, onTime: 1, offTime: 1 });
  });

  it("queued commands go ahead of polls, and only to online readers", () => {
    const h = startLine([
      { readerId: "r1", address: 1 },
      { readerId: "r2", address: 2 },
    ]);
    expect(h.line.send("r1", { kind: "LSTAT" })).toBe(false);
    h.clock.advance(500);
    const [led, buz] = feedbackCommands("enter-pin");
    h.line.send("r2", led!);
    h.line.send("r2", buz!);
    const before = h.pds[1]!.received.length;
    h.clock.advance(100);
    expect(h.pds[1]!.received.slice(before, before + 2).map((r) => r.kind)).toEqual(["LED", "BUZ"]);
    expect(h.line.send("nobody", { kind: "POLL" })).toBe(false);
  });

  it("an OUT goes ahead of every command queued before it, on its own PD and on the others", () => {
    // What a grant queues while the card's reply is being read: the reader's feedback first, then the lock's
    // output, behind a status request to the module.
    const { sent, outputOn } = grantOnLine(200, (h) => {
      for (const command of feedbackCommands("grant")) h.line.send("r1", command);
      h.line.send("m", { kind: "ISTAT" });
      h.line.send("m", OUTPUT_ON);
    });
    expect(sent[0]).toBe("OUT");
    expect(sent.slice(1).sort()).toEqual(["BUZ", "ISTAT", "LED"]);
    expect(outputOn).toBe(true);
  });

  it("an OUT that got no reply is sent again before the commands queued behind it", () => {
    const { sent, outputOn } = grantOnLine(1_000, (h) => {
      // The module misses the OUT; the reader's feedback waits behind it, then behind its retry.
      h.pds[1]!.inject({ kind: "no-reply" }, 1);
      h.line.send("m", OUTPUT_ON);
      for (const command of feedbackCommands("grant")) h.line.send("r1", command);
    });
    expect(sent.slice(0, 4)).toEqual(["?", "OUT", "LED", "BUZ"]);
    expect(outputOn).toBe(true);
  });

  it("derived keys differ per reader (install mode hands each reader its own)", () => {
    const crypto = seededCrypto(9);
    const main = hex("0f0e0d0c0b0a09080706050403020100");
    expect(deriveScbk(crypto, main, "r1")).not.toEqual(deriveScbk(crypto, main, "r2"));
  });
});
