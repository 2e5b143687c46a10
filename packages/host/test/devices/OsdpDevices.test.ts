import type { SiteInput } from "@portcullis/engine";
import { deriveScbk, LedColor, nodeCrypto } from "@portcullis/protocols";
import { Rs485Bus, SimulatedPd, VirtualClock } from "@portcullis/testkit";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { decodeDeviceConfig, type DeviceEvent } from "../../src/devices";
import { ALICE_CARD, cardBits, MAIN_KEY, oneLine, osdpSite, validSite } from "./fixtures";

const READERS = [
  { id: "r0", address: 1 },
  { id: "r1", address: 2, secureChannel: false },
] as const;

// Two doors on one line at 9 600 baud in virtual time: r0 under its derived key, r1 in plaintext against the site switch.
const start = (
  pdKeys: { readonly r0: Uint8Array | null } = { r0: deriveScbk(nodeCrypto, MAIN_KEY, "r0") },
  /** Runs before each input reaches the site: a test makes the sink fail with it. */
  fault: (input: SiteInput) => void = () => {},
) => {
  const clock = new VirtualClock();
  const bus = new Rs485Bus(clock, 9_600);
  const file = validSite(READERS);
  const { devices, site, relays } = osdpSite(file, {
    devices: oneLine(2, "/dev/null", 9_600),
    clock,
    transport: () => bus.attach(),
  });
  const pds = [
    new SimulatedPd({ clock, transport: bus.attach(), address: 1, scbk: pdKeys.r0 }),
    new SimulatedPd({ clock, transport: bus.attach(), address: 2, secureChannel: false }),
  ] as const;
  const events: DeviceEvent[] = [];
  devices.events$.subscribe((e) => events.push(e));
  const inputs: SiteInput[] = [];
  devices.start((input) => (fault(input), inputs.push(input), site.push(input)));
  return { clock, site, devices, relays, pds, events, inputs };
};

describe("OSDP device layer over an in-memory RS-485 bus", () => {
  it("brings readers up under the derived key or in plaintext, and merges reader statuses into door status", () => {
    const h = start();
    expect(h.devices.readerStatus("r0")).toBe("connecting");
    expect(h.site.door("d0")?.status).toBe("reader-offline");
    h.clock.advance(1_000);
    expect(h.devices.readerStatus("r0")).toBe("online");
    expect(h.pds[0].secureChannelActive()).toBe(true);
    // Site switch on, reader switch off: plaintext, shown as reader-error (DESIGN §3).
    expect(h.devices.readerStatus("r1")).toBe("error");
    expect(h.site.door("d0")?.status).toBe("online");
    expect(h.site.door("d1")?.status).toBe("reader-error");
    expect(h.events).toEqual([
      { type: "SecureChannel", readerId: "r0", state: "active", at: expect.any(Number) },
    ]);
  });

  it("card read → grant → lock relay unlocked → the reader shows green and beeps", () => {
    const h = start();
    h.clock.advance(1_000);
    h.pds[0].swipe(cardBits(ALICE_CARD));
    h.clock.advance(200);
    expect(h.relays.unlocks()).toEqual([{ relay: "c0:lock0", locked: false, at: expect.any(Number) }]);
    expect(h.pds[0].indicators.ledColor(h.clock.now())).toBe(LedColor.GREEN);
    expect(h.pds[0].indicators.buzzer?.state.count).toBe(1);
    expect(h.site.reader("r0")?.lastRead?.bits).toBe(cardBits(ALICE_CARD));
  });

  it("an unknown card is denied and the reader blinks red", () => {
    const h = start();
    h.clock.advance(1_000);
    h.pds[1].swipe(cardBits(4242n));
    h.clock.advance(200);
    expect(h.relays.unlocks()).toEqual([]);
    expect(h.pds[1].indicators.ledColor(h.clock.now())).toBe(LedColor.RED);
  });

  it("keys and tamper reach the reader", () => {
    const h = start();
    h.clock.advance(1_000);
    h.pds[0].setTamper(true);
    h.pds[0].keypad("12#");
    h.clock.advance(300);
    expect(h.site.reader("r0")?.tamper).toBe(true);
    expect(h.inputs.filter((i) => i.type === "keys")).toEqual([
      { type: "keys", readerId: "r0", at: expect.any(Number), keys: "12#" },
    ]);
    h.pds[0].setTamper(false);
    h.clock.advance(300);
    expect(h.site.reader("r0")?.tamper).toBe(false);
  });

  it("a reader that stops answering goes offline in the engine and its door shows reader-offline", () => {
    const h = start();
    h.clock.advance(1_000);
    h.pds[0].unplug();
    h.clock.advance(9_000);
    expect(h.devices.readerStatus("r0")).toBe("offline");
    expect(h.site.reader("r0")?.online).toBe(false);
    expect(h.site.door("d0")?.status).toBe("reader-offline");
    h.pds[0].plug();
    h.clock.advance(3_000);
    expect(h.site.reader("r0")?.online).toBe(true);
    expect(h.site.door("d0")?.status).toBe("online");
  });

  it("install mode only on request, for Secure Channel readers, time-limited; it gives a fresh PD the derived key", () => {
    const h = start({ r0: null });
    h.clock.advance(1_000);
    expect(h.devices.readerStatus("r0")).toBe("error");
    expect(h.site.reader("r0")?.error).toBe(true);
    expect(h.events.map((e) => e.type)).toEqual(["SecureChannel"]);

    const refused = (readerId: string, ms: number) => {
      const result = h.devices.setInstallMode(readerId, ms);
      return Either.isLeft(result) ? result.left.code : "accepted";
    };
    expect(refused("nope", 1_000)).toBe("UnknownReader");
    expect(refused("r1", 1_000)).toBe("NoSecureChannel");
    expect(refused("r0", 0)).toBe("InvalidDuration");
    expect(refused("r0", 24 * 3_600_000)).toBe("InvalidDuration");
    expect(refused("r0", 60_000)).toBe("accepted");
    h.clock.advance(1_000);
    expect(h.pds[0].scbk()).toEqual(deriveScbk(nodeCrypto, MAIN_KEY, "r0"));
    expect(h.devices.readerStatus("r0")).toBe("online");
    expect(h.site.reader("r0")?.online).toBe(true);
    expect(
      h.events.map((e) =>
        e.type === "SecureChannel" ? e.state : e.type === "InstallMode" ? `install ${e.active}` : e.type,
      ),
    ).toEqual(["failed", "install true", "install false", "active"]);
  });

  it("install mode for an OSDP I/O module: refused for a controller without one, or without Secure Channel", () => {
    const clock = new VirtualClock();
    const bus = new Rs485Bus(clock, 9_600);
    const module = (controllerId: string, address: number, secureChannel: boolean) => ({
      controllerId,
      backend: { kind: "osdp", line: "/dev/null", address, secureChannel },
    });
    const config = Either.getOrThrow(
      decodeDeviceConfig({ ...oneLine(2, "/dev/null", 9_600), io: [module("c0", 3, false)] }),
    );
    const { devices } = osdpSite(validSite(READERS), {
      devices: config,
      clock,
      transport: () => bus.attach(),
    });
    const refusal = (controllerId: string) => {
      const result = devices.setModuleInstallMode(controllerId, 60_000);
      return Either.isLeft(result) ? result.left.code : "accepted";
    };
    expect(refusal("c9")).toBe("UnknownModule");
    expect(refusal("c0")).toBe("NoSecureChannel");
  });

  it("a reader machine that fails is rebuilt and journalled as ActorRestarted; the reader comes up again", () => {
    let failed = false;
    const h = start(undefined, (input) => {
      if (!failed && input.type === "reader" && input.readerId === "r0") {
        failed = true;
        throw new Error("site unavailable");
      }
    });
    h.clock.advance(2_000);
    expect(h.events.filter((e) => e.type === "ActorRestarted")).toEqual([
      {
        type: "ActorRestarted",
        actor: "osdp-pd:r0",
        error: "Error: site unavailable",
        at: expect.any(Number),
      },
    ]);
    expect(h.devices.readerStatus("r0")).toBe("online");
    h.pds[0].swipe(cardBits(ALICE_CARD));
    h.clock.advance(300);
    expect(h.relays.unlocks()).toEqual([{ relay: "c0:lock0", locked: false, at: expect.any(Number) }]);
  });

  it("stop ends the lines: nothing more reaches the site", () => {
    const h = start();
    h.clock.advance(1_000);
    h.devices.stop();
    h.pds[0].swipe(cardBits(ALICE_CARD));
    h.clock.advance(1_000);
    expect(h.relays.unlocks()).toEqual([]);
  });
});
