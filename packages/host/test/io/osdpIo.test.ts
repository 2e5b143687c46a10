/**
 * An OSDP I/O module beside an OSDP reader on one RS-485 line, a socat PTY pair, through the whole running host
 * (`startRunningSite` with `examples/osdp-io-site.json`): the lock is an output of the module confirmed by OSTATR,
 * the door monitor one of its inputs; a silent module is ControllerOffline, and its relays are asserted again when
 * it is back. Real serial in real time: every wait is for a state, bounded by a timeout.
 */
import { readFileSync } from "node:fs";
import { type EngineEvent, systemClock } from "@portcullis/engine";
import { deriveScbk, nodeCrypto } from "@portcullis/protocols";
import { SimulatedPd } from "@portcullis/testkit";
import { Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeDeviceConfig, SerialLine } from "../../src/devices";
import type { Logger } from "../../src/runtime/logger";
import { type RunningSite, startRunningSite } from "../../src/runtime/RunningSite";
import { ALICE_CARD, cardBits } from "../devices/fixtures";
import { type PtyPair, startPtyPair } from "../devices/socat";
import { tempDir } from "../runtime/tempDir";

const example = new URL("../../../../examples/osdp-io-site.json", import.meta.url);
const MAIN_KEY = "a0".repeat(32);
// Real serial on a machine other work may load: generous bounds, never fixed sleeps.
const poll = { timeout: 20_000, interval: 10 };
/** Output 0 drives the strike (fail-secure: on = unlocked); input 0 the door contact (active = closed). */
const STRIKE = 0;
const CONTACT = 0;

let pair: PtyPair;
let pdLine: SerialLine;
let reader: SimulatedPd;
let module: SimulatedPd;
let running: RunningSite;
const events: EngineEvent[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  const dir = tempDir("osdp-io");
  pair = await startPtyPair(dir);
  pdLine = await SerialLine.open({ path: pair.pd, baudRate: 115_200 });
  const key = Uint8Array.from(Buffer.from(MAIN_KEY, "hex"));
  reader = new SimulatedPd({
    clock: systemClock,
    transport: pdLine,
    address: 1,
    scbk: deriveScbk(nodeCrypto, key, "front-in"),
  });
  module = new SimulatedPd({
    clock: systemClock,
    transport: pdLine,
    address: 2,
    secureChannel: false,
    inputCount: 2,
    outputCount: 1,
  });
  // As found at power-up: the strike's output on, the door closed.
  module.indicators.applyOutput({ output: STRIKE, control: 2, timer: 0 }, Date.now());
  module.setInput(CONTACT, true);

  const { devices, ...file } = JSON.parse(readFileSync(example, "utf8")) as {
    devices: { lines: Array<{ path: string }>; io: Array<{ backend: { line: string } }> };
  };
  devices.lines[0]!.path = pair.cp;
  devices.io[0]!.backend.line = pair.cp;
  const logger: Logger = {
    info: () => {},
    warn: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`),
    error: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`),
  };
  running = await startRunningSite({
    demo: false,
    site: { file, source: "osdp-io" },
    devices: Either.getOrThrow(decodeDeviceConfig(devices)),
    dataDir: tempDir("osdp-io-data"),
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir: tempDir("osdp-io-console"),
    logger,
    environment: { PORTCULLIS_MAIN_KEY: MAIN_KEY },
  });
  running.host.site.events$.subscribe((e) => events.push(e));
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await pdLine?.close();
  await pair?.kill();
});

const site = () => running.host.site;
const kinds = (pd: SimulatedPd, from = 0) => pd.received.slice(from).map((r) => r.kind);
const typesSince = (from: number) =>
  events.slice(from).flatMap((e) => (!("doorId" in e) || e.doorId === "front" ? [e.type] : []));
const strikeOn = () => module.indicators.outputOn(Date.now(), STRIKE);

describe("an OSDP I/O module on the reader's RS-485 line", () => {
  it("commands the lock locked and has it confirmed before it reads any input; the door shows Closed and Locked", async () => {
    await expect.poll(() => site().door("front")?.position, poll).toBe("Closed");
    expect(site().door("front")).toMatchObject({ mode: "Locked", status: expect.any(String) });
    expect(strikeOn()).toBe(false);
    const seen = kinds(module);
    const out = seen.indexOf("OUT");
    const ostat = seen.indexOf("OSTAT");
    const istat = seen.indexOf("ISTAT");
    expect(out).toBeGreaterThanOrEqual(0);
    expect(out < ostat && ostat < istat).toBe(true);
  });

  it("a card at the reader → grant → OUT to the module's output → OSTATR confirms; opening and closing relocks", async () => {
    await expect.poll(() => site().door("front")?.status, { ...poll, timeout: 60_000 }).toBe("online");
    const from = events.length;
    const sent = module.received.length;
    reader.swipe(cardBits(ALICE_CARD));
    await expect.poll(strikeOn, poll).toBe(true);
    // The unlock is confirmed: an OSTAT follows the OUT, and nothing is retried.
    await expect.poll(() => kinds(module, sent).join(" "), poll).toMatch(/OUT.*OSTAT/);
    expect(warnings.filter((w) => w.includes("not confirmed"))).toEqual([]);
    expect(typesSince(from)).toContain("AccessGranted");

    module.setInput(CONTACT, false);
    await expect
      .poll(() => typesSince(from), poll)
      .toEqual(expect.arrayContaining(["DoorOpened", "AccessTaken"]));
    expect(site().door("front")?.position).toBe("Open");
    module.setInput(CONTACT, true);
    await expect.poll(() => site().door("front")?.position, poll).toBe("Closed");
    await expect.poll(strikeOn, poll).toBe(false);
    await expect.poll(() => site().door("front")?.mode, poll).toBe("Locked");
    expect(typesSince(from)).not.toContain("DoorForcedOpen");
  });

  it("a silent module is ControllerOffline (position Unknown); back online, its relay is asserted again", async () => {
    const from = events.length;
    module.unplug();
    // The line gives a PD 8 s without a valid reply (DESIGN §7).
    await expect.poll(() => typesSince(from), { ...poll, timeout: 30_000 }).toContain("ControllerOffline");
    expect(site().door("front")).toMatchObject({ status: "controller-offline", position: "Unknown" });
    // The door opening meanwhile raises nothing: the input is not read.
    module.setInput(CONTACT, false);
    // Powered up again with its output on: the host must lock it before it reads the door.
    module.indicators.applyOutput({ output: STRIKE, control: 2, timer: 0 }, Date.now());
    module.setInput(CONTACT, true);
    const sent = module.received.length;
    module.plug();
    // Offline PDs are probed with back-off from 1 s (DESIGN §7).
    await expect.poll(() => typesSince(from), { ...poll, timeout: 40_000 }).toContain("ControllerOnline");
    expect(strikeOn()).toBe(false);
    const seen = kinds(module, sent);
    expect(seen.indexOf("OUT")).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf("OUT")).toBeLessThan(seen.indexOf("ISTAT"));
    await expect.poll(() => site().door("front")?.position, poll).toBe("Closed");
    expect(typesSince(from)).not.toContain("DoorForcedOpen");
    expect(warnings.join("\n")).toMatch(/OSDP I\/O module offline/);
  }, 90_000);
});
