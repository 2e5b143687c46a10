import type { SiteInput } from "@portcullis/engine";
import { nodeCrypto } from "@portcullis/protocols";
import { VirtualClock, WiegandLine } from "@portcullis/testkit";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { decodeDeviceConfig, planOsdpLines, SimulatedDoorIo, WiegandSource } from "../../src/devices";
import { cardBits, MAIN_KEY, oneLine, validSite } from "./fixtures";

const recorder = () => {
  const inputs: SiteInput[] = [];
  return { inputs, sink: (input: SiteInput) => (inputs.push(input), Either.void) };
};

describe("Wiegand source", () => {
  it("frames the line's edges into card bits and key presses, each at the end of its gap", () => {
    const clock = new VirtualClock();
    const source = new WiegandSource({ readerId: "w1", clock, keypad: { star: 10, hash: 11 } });
    const { inputs, sink } = recorder();
    source.start(sink);
    const line = new WiegandLine(clock, source.edge);
    line.sendFrame(cardBits(1001n));
    line.sendKeys(["4", "#"], { burst: 8 });
    clock.advance(2_000);
    expect(inputs).toEqual([
      { type: "card", readerId: "w1", at: expect.any(Number), bits: cardBits(1001n) },
      { type: "keys", readerId: "w1", at: expect.any(Number), keys: "4" },
      { type: "keys", readerId: "w1", at: expect.any(Number), keys: "#" },
    ]);
  });

  it("without a keypad a 4-bit burst is card bits; stopped, it pushes nothing", () => {
    const clock = new VirtualClock();
    const source = new WiegandSource({ readerId: "w1", clock });
    const { inputs, sink } = recorder();
    source.start(sink);
    const line = new WiegandLine(clock, source.edge);
    line.sendFrame("1010");
    clock.advance(1_000);
    source.stop();
    line.sendFrame(cardBits(7n));
    clock.advance(1_000);
    expect(inputs).toEqual([{ type: "card", readerId: "w1", at: expect.any(Number), bits: "1010" }]);
  });
});

describe("simulated door I/O", () => {
  it("pushes positions, REX and input edges; refuses before start", () => {
    const io = new SimulatedDoorIo();
    expect(Either.isLeft(io.open("d0"))).toBe(true);
    const { inputs, sink } = recorder();
    io.start(sink);
    io.open("d0");
    io.close("d0");
    io.pressRex("d0", "B");
    io.setInput("c0:in1", "active");
    expect(inputs).toEqual([
      { type: "door", doorId: "d0", open: true },
      { type: "door", doorId: "d0", open: false },
      { type: "rex", doorId: "d0", side: "B" },
      { type: "input", inputId: "c0:in1", state: "active" },
    ]);
  });
});

describe("device configuration", () => {
  const sc = { mainKey: MAIN_KEY, crypto: nodeCrypto };
  const site = validSite([
    { id: "r0", address: 1 },
    { id: "r1", address: 1, secureChannel: false },
  ]).site;

  it("names the bad field of a device configuration", () => {
    const bad = decodeDeviceConfig({ lines: [{ path: "/dev/ttyUSB0", baudRate: 1234, ports: [] }] });
    expect(Either.isLeft(bad) && bad.left.field).toBe("lines[0].baudRate");
  });

  it("refuses a reader on no line, a port on two lines, and two readers at one address on a line", () => {
    const field = (devices: Parameters<typeof planOsdpLines>[1]) => {
      const plan = planOsdpLines(site, devices, sc);
      return Either.isLeft(plan) ? `${plan.left.field}: ${plan.left.message}` : "ok";
    };
    expect(field({ lines: [] })).toMatch(/^lines: OSDP reader "r0" on port c0:rp0 is on no line/);
    const both = oneLine(2, "/dev/a").lines[0]!;
    expect(field({ lines: [both, { ...both, path: "/dev/b" }] })).toMatch(
      /^lines\[1\]\.ports\[0\]: port c0:rp0/,
    );
    expect(field({ lines: [both] })).toMatch(/^lines\[0\]\.ports: readers "r0" and "r1" share address 1/);
  });

  it("derives the SCBK only where Secure Channel is in effect (the site file's switch and the reader's)", () => {
    const twoLines = {
      lines: [
        { path: "/dev/a", baudRate: 9_600, ports: [{ controllerId: "c0", port: "rp0" }] },
        { path: "/dev/b", baudRate: 9_600, ports: [{ controllerId: "c0", port: "rp1" }] },
      ],
    } as const;
    const on = Either.getOrThrow(planOsdpLines(site, twoLines, sc));
    expect(
      on.map((l) => l.readers.map((r) => [r.readerId, r.scbk !== null, r.plaintextAgainstSite])),
    ).toEqual([[["r0", true, false]], [["r1", false, true]]]);
    const siteOff = { ...site, secureChannel: { enabled: false } };
    const off = Either.getOrThrow(planOsdpLines(siteOff, twoLines, sc));
    expect(off.flatMap((l) => l.readers.map((r) => [r.scbk, r.plaintextAgainstSite]))).toEqual([
      [null, false],
      [null, false],
    ]);
  });
});
