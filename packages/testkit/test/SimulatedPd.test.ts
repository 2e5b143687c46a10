import { encodeFrame, toHex } from "@portcullis/protocols";
import { describe, expect, it } from "vitest";
import { Rs485Bus, SimulatedPd, VirtualClock } from "../src";

const idCommand = (sqn: number) =>
  encodeFrame({
    addr: 5,
    reply: false,
    sqn,
    check: "crc",
    scb: null,
    code: 0x61,
    data: Uint8Array.of(0),
    mac: null,
  });

const setup = () => {
  const clock = new VirtualClock();
  const bus = new Rs485Bus(clock, 9600);
  const cp = bus.attach();
  const heard: Array<{ at: number; hex: string }> = [];
  cp.onData((chunk) => heard.push({ at: clock.now(), hex: toHex(chunk) }));
  const pd = new SimulatedPd({ clock, transport: bus.attach(), address: 5 });
  return { clock, cp, heard, pd };
};

describe("Rs485Bus and SimulatedPd", () => {
  it("bytes arrive after len × 10 / baud; the PD answers after its turnaround", () => {
    const { clock, cp, heard, pd } = setup();
    cp.write(idCommand(0));
    clock.advance(100);
    // 9 bytes at 9600 baud = 9.375 ms; 1 ms turnaround; a 20-byte PDID = 20.83 ms.
    expect(pd.received.map((r) => [r.kind, r.at])).toEqual([["ID", 9.375]]);
    expect(heard.length).toBe(1);
    expect(heard[0]!.at).toBeCloseTo(9.375 + 1 + (20 * 10 * 1000) / 9600);
  });

  it("a repeated SQN gets the same reply again; an unplugged PD says nothing", () => {
    const { clock, cp, heard, pd } = setup();
    for (const sqn of [0, 1, 1]) {
      cp.write(idCommand(sqn));
      clock.advance(100);
    }
    expect(pd.received.map((r) => r.repeated)).toEqual([false, false, true]);
    expect(heard[2]!.hex).toBe(heard[1]!.hex);
    pd.unplug();
    cp.write(idCommand(2));
    clock.advance(100);
    expect(heard.length).toBe(3);
  });

  it("an out-of-order SQN is refused with NAK 0x04", () => {
    const { clock, cp, heard } = setup();
    for (const sqn of [0, 1, 3]) {
      cp.write(idCommand(sqn));
      clock.advance(100);
    }
    // NAK reply: code 0x41, error 0x04.
    expect(heard[2]!.hex.slice(10, 14)).toBe("4104");
  });

  it("after a restart it takes nothing but SQN 0: NAK 0x04 at SQN 0, in plaintext (as libosdp)", () => {
    const { clock, cp, heard, pd } = setup();
    cp.write(idCommand(0));
    clock.advance(100);
    pd.restart();
    cp.write(idCommand(1));
    clock.advance(100);
    // Address 0x85, CTRL 0x04 (SQN 0, CRC, no security block), NAK 0x04.
    expect(heard[1]!.hex.slice(2, 4)).toBe("85");
    expect(heard[1]!.hex.slice(8, 14)).toBe("044104");
    cp.write(idCommand(0));
    clock.advance(100);
    expect(pd.received.map((r) => r.kind)).toEqual(["ID", "?", "ID"]);
  });
});
