import { Rs485Bus, SimulatedPd, VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { type CpClock, type CpLineEvent, makeCpLine, type OsdpTransport } from "../../../src";
import { hex, seededCrypto } from "../vectors";
import { type Harness, startLine } from "./harness";

const KEY = hex("00112233445566778899aabbccddeeff");
const H10301_BITS = "10010101000000000010001010";

/** Advances 1 ms at a time until `done` holds (at most `limitMs`). */
const advanceUntil = (h: Pick<Harness, "clock">, done: () => boolean, limitMs = 1_000): void => {
  for (let i = 0; i < limitMs && !done(); i++) h.clock.advance(1);
  expect(done()).toBe(true);
};

/** Lets the PD answer its next command with `fault`, then presents a card once that command is in. */
const swipeAfterFaultedCommand = (h: Harness, fault: Parameters<SimulatedPd["inject"]>[0]): void => {
  const pd = h.pds[0]!;
  const from = pd.received.length;
  pd.inject(fault, 1);
  advanceUntil(h, () => pd.received.length > from);
  pd.swipe(H10301_BITS);
};

describe("CP replies matched to their command by SQN", () => {
  for (const secure of [false, true]) {
    const mode = secure ? "in a Secure Channel session" : "in plaintext";
    const reader = { readerId: "r1", address: 1, ...(secure && { scbk: KEY, pd: { scbk: KEY } }) };

    it(`a late reply (answered again from the PD's cache on retry) does not cost the next card read, ${mode}`, () => {
      const h = startLine([reader]);
      h.clock.advance(500);
      // The reply comes after the CP's retry has been answered and while the next command is outstanding.
      swipeAfterFaultedCommand(h, { kind: "late", delayMs: 245 });
      h.clock.advance(1_000);
      expect(h.of("CardRead").map((e) => e.bits)).toEqual([H10301_BITS]);
      expect(h.pds[0]!.countReceived("CHLNG")).toBe(secure ? 1 : 0);
      expect(h.of("ReaderOnline").length).toBe(1);
    });

    it(`a duplicate reply is dropped, not taken for the next command, ${mode}`, () => {
      const h = startLine([reader]);
      h.clock.advance(500);
      swipeAfterFaultedCommand(h, { kind: "duplicate", afterMs: 40 });
      h.clock.advance(1_000);
      expect(h.of("CardRead").map((e) => e.bits)).toEqual([H10301_BITS]);
      expect(h.pds[0]!.countReceived("CHLNG")).toBe(secure ? 1 : 0);
      expect(h.of("SecureChannel").map((e) => e.state)).toEqual(secure ? ["active"] : []);
    });
  }
});

/**
 * A CP whose event loop can stall: while stalled, its timers and received bytes wait; when the stall ends, overdue
 * timers run first and received bytes after them, as Node runs timers before I/O.
 */
const stallableLine = () => {
  const clock = new VirtualClock();
  const bus = new Rs485Bus(clock, 9600);
  let stalled = false;
  const overdue: Array<{ readonly id: unknown; readonly fn: () => void }> = [];
  const cancelled = new Set<unknown>();
  const held: Array<() => void> = [];
  const cpClock: CpClock = {
    now: () => clock.now(),
    setTimeout: (fn, ms) => {
      const id: unknown = clock.setTimeout(() => (stalled ? overdue.push({ id, fn }) : fn()), ms);
      return id;
    },
    clearTimeout: (id) => {
      cancelled.add(id);
      clock.clearTimeout(id);
    },
  };
  const wire = bus.attach();
  let commandsSent = 0;
  const transport: OsdpTransport = {
    write: (bytes) => {
      commandsSent++;
      wire.write(bytes);
    },
    onData: (listener) =>
      wire.onData((chunk) => (stalled ? held.push(() => listener(chunk)) : listener(chunk))),
  };
  const line = makeCpLine({
    transport,
    clock: cpClock,
    crypto: seededCrypto(1),
    baudRate: 9600,
    readers: [{ readerId: "r1", address: 1, scbk: null }],
  });
  const pd = new SimulatedPd({ clock, transport: bus.attach(), address: 1 });
  const events: Array<CpLineEvent> = [];
  line.subscribe((e) => events.push(e));
  line.start();
  const stall = (ms: number) => {
    stalled = true;
    clock.advance(ms);
    stalled = false;
    for (const { id, fn } of overdue.splice(0)) if (!cancelled.has(id)) fn();
    for (const deliver of held.splice(0)) deliver();
  };
  return { clock, pd, events, stall, commandsSent: () => commandsSent };
};

describe("CP reply timeout after an event-loop stall", () => {
  it("reads the reply received during the stall before resending: no retry, the card is read", () => {
    const s = stallableLine();
    s.clock.advance(500);
    s.pd.swipe(H10301_BITS);
    // Stall as a command goes out: its reply arrives during the stall, its timeout falls due in it.
    const sent = s.commandsSent();
    advanceUntil(s, () => s.commandsSent() > sent);
    s.stall(400);
    s.clock.advance(500);
    expect(s.pd.received.filter((r) => r.repeated)).toEqual([]);
    expect(s.events.filter((e) => e.type === "CardRead").length).toBe(1);
  });

  it("still resends when nothing came in during the stall", () => {
    const s = stallableLine();
    s.clock.advance(500);
    const sent = s.commandsSent();
    advanceUntil(s, () => s.commandsSent() > sent);
    // The command is on the wire: the PD will not answer it.
    s.pd.inject({ kind: "no-reply" }, 1);
    const from = s.pd.received.length;
    s.stall(400);
    s.clock.advance(500);
    // The unanswered command went out again with its SQN (the PD cached nothing for it, so it reads it anew).
    const [first, retry] = s.pd.received.slice(from);
    expect(retry!.sqn).toBe(first!.sqn);
    expect(retry!.at - first!.at).toBeGreaterThanOrEqual(400);
  });
});
