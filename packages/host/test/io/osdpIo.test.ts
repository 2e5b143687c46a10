/**
 * An OSDP I/O module beside an OSDP reader on one RS-485 line, a socat PTY pair, through the whole running host
 * (`startRunningSite` with `examples/osdp-io-site.json`): the lock is an output of the module confirmed by OSTATR,
 * the door monitor one of its inputs; an OUT it refuses is sent again; a silent module is ControllerOffline, and its
 * relays are asserted again when it is back. Real serial in real time: every wait is for a state, bounded by a timeout.
 */
import type { EngineEvent } from "@portcullis/engine";
import { NakCode } from "@portcullis/protocols";
import type { SimulatedPd } from "@portcullis/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSite } from "../../src/runtime/RunningSite";
import { ALICE_CARD, cardBits } from "../devices/fixtures";
import { CONTACT, type OsdpIoSite, STRIKE, startOsdpIoSite } from "./osdpIoSite";

// Real serial on a machine other work may load: generous bounds, never fixed sleeps.
const poll = { timeout: 20_000, interval: 10 };

let h: OsdpIoSite;
let reader: SimulatedPd;
let module: SimulatedPd;
let running: RunningSite;
let events: EngineEvent[];
let warnings: string[];

beforeAll(async () => {
  h = await startOsdpIoSite({ name: "osdp-io" });
  ({ reader, module, running, events, warnings } = h);
}, 60_000);

afterAll(async () => {
  await h?.stop();
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

  it("an OUT the module refuses is reported and sent again, never taken as done", async () => {
    const sent = module.received.length;
    // The module refuses the grant's OUT (the first command it gets after the grant: OUT goes first).
    const refuse = running.host.site.events$.subscribe((e) => {
      if (e.type === "AccessGranted") module.inject({ kind: "nak", code: NakCode.RECORD }, 1);
    });
    reader.swipe(cardBits(ALICE_CARD));
    await expect
      .poll(() => warnings.join("\n"), poll)
      .toMatch(/OSDP I\/O module refused a command; retrying/);
    refuse.unsubscribe();
    expect(kinds(module, sent)).toContain("OUT");
    await expect.poll(strikeOn, poll).toBe(true);
    expect(kinds(module, sent).filter((k) => k === "OUT").length).toBeGreaterThanOrEqual(2);
    // Nobody opens the door: it locks again when its access time is over.
    await expect.poll(strikeOn, poll).toBe(false);
    await expect.poll(() => site().door("front")?.mode, poll).toBe("Locked");
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
