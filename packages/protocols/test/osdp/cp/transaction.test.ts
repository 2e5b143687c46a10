import { describe, expect, it } from "vitest";
import {
  BUSY_RETRY_MS,
  feedbackCommands,
  REPLY_TIMEOUT_MS,
  replyTimeoutMs,
  transmitTimeMs,
} from "../../../src";
import { hex } from "../vectors";
import { startLine } from "./harness";

const KEY = hex("00112233445566778899aabbccddeeff");

describe("CP transaction layer", () => {
  it("the reply timeout is 200 ms plus the command's transmit time (10 bits per byte)", () => {
    expect(transmitTimeMs(9, 9600)).toBeCloseTo(9.375);
    expect(replyTimeoutMs(9, 9600)).toBeCloseTo(REPLY_TIMEOUT_MS + 9.375);
    expect(replyTimeoutMs(9, 115_200)).toBeCloseTo(200.78125);
  });

  it("a command without a reply is sent again with the same SQN, after the reply timeout", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: KEY, pd: { scbk: KEY } }]);
    h.clock.advance(500);
    const pd = h.pds[0]!;
    const from = pd.received.length;
    pd.inject({ kind: "no-reply" }, 2);
    h.clock.advance(1_000);
    const [first, second, third] = pd.received.slice(from);
    expect([first!.sqn, second!.sqn, third!.sqn]).toEqual([first!.sqn, first!.sqn, first!.sqn]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(REPLY_TIMEOUT_MS);
    // The MAC'd session survived: the same sealed bytes were accepted.
    expect(h.line.status("r1")).toBe("online");
    expect(h.of("ReaderOnline").length).toBe(1);
  });

  it("a lost reply is answered again from the PD's reply cache (same SQN → same reply)", () => {
    const h = startLine([{ readerId: "r1", address: 1, scbk: KEY, pd: { scbk: KEY } }]);
    h.clock.advance(500);
    const pd = h.pds[0]!;
    pd.swipe("10010101000000000010001010");
    // The RAW reply is corrupted on the wire: the CP retries, the PD answers from its cache.
    pd.inject({ kind: "corrupt-crc" }, 1);
    h.clock.advance(1_000);
    const repeated = pd.received.filter((r) => r.repeated);
    expect(repeated.length).toBe(1);
    expect(h.of("CardRead").map((e) => e.bits)).toEqual(["10010101000000000010001010"]);
    expect(h.line.status("r1")).toBe("online");
    expect(h.of("SecureChannel").map((e) => e.state)).toEqual(["active"]);
  });

  it("BUSY: the same command is sent again, same SQN, after a short wait; other PDs are served meanwhile", () => {
    const h = startLine([
      { readerId: "r1", address: 1 },
      { readerId: "r2", address: 2 },
    ]);
    h.clock.advance(500);
    const [pd1, pd2] = h.pds as [(typeof h.pds)[0], (typeof h.pds)[0]];
    const [led] = feedbackCommands("grant");
    pd1.inject({ kind: "busy" }, 2);
    h.line.send("r1", led!);
    const from1 = pd1.received.length;
    h.clock.advance(500);
    const tries = pd1.received.slice(from1, from1 + 3);
    expect(tries.map((r) => r.sqn)).toEqual([tries[0]!.sqn, tries[0]!.sqn, tries[0]!.sqn]);
    expect(tries[2]!.kind).toBe("LED");
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(BUSY_RETRY_MS);
    expect(pd2.countReceived("POLL", tries[0]!.at, tries[2]!.at)).toBeGreaterThan(0);
    expect(pd1.indicators.ledColor(h.clock.now())).toBe(2);
  });

  it("NAK to a queued command is reported; the reader stays online", () => {
    const h = startLine([{ readerId: "r1", address: 1 }]);
    h.clock.advance(500);
    h.pds[0]!.inject({ kind: "nak", code: 0x03 }, 1);
    h.line.send("r1", { kind: "TEXT", reader: 0, command: 1, tempTime: 0, row: 1, column: 1, text: "HI" });
    h.clock.advance(200);
    expect(h.of("CommandRefused")).toEqual([
      { type: "CommandRefused", readerId: "r1", at: expect.any(Number), command: "TEXT", nak: 0x03 },
    ]);
    expect(h.line.status("r1")).toBe("online");
  });

  it("NAK sequence error: the CP starts over at SQN 0", () => {
    const h = startLine([{ readerId: "r1", address: 1 }]);
    h.clock.advance(500);
    const pd = h.pds[0]!;
    const from = pd.received.length;
    pd.inject({ kind: "nak", code: 0x04 }, 1);
    h.clock.advance(300);
    expect(pd.received.slice(from + 1, from + 3).map((r) => [r.kind, r.sqn])).toEqual([
      ["ID", 0],
      ["CAP", 1],
    ]);
    expect(h.line.status("r1")).toBe("online");
  });
});
