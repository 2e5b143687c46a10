/** The OSDP lines follow runtime changes of the site's readers, a line at a time, in virtual time. */
import { deriveScbk, nodeCrypto } from "@portcullis/protocols";
import { Rs485Bus, SimulatedPd, VirtualClock } from "@portcullis/testkit";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import type { DeviceConfig } from "../../src/devices";
import { ALICE_CARD, cardBits, MAIN_KEY, osdpSite, validSite } from "./fixtures";

// Door d0's reader port on line A, door d1's on line B (both doors sit on controller c0).
const TWO_LINES: DeviceConfig = {
  lines: [
    { path: "/dev/line-a", baudRate: 9_600, ports: [{ controllerId: "c0", port: "rp0" }] },
    { path: "/dev/line-b", baudRate: 9_600, ports: [{ controllerId: "c0", port: "rp1" }] },
  ],
};

const keyOf = (readerId: string) => deriveScbk(nodeCrypto, MAIN_KEY, readerId);

const start = () => {
  const clock = new VirtualClock();
  const buses = { "/dev/line-a": new Rs485Bus(clock, 9_600), "/dev/line-b": new Rs485Bus(clock, 9_600) };
  const bus = (path: string) => buses[path as keyof typeof buses];
  const { devices, site, relays } = osdpSite(
    validSite([
      { id: "r0", address: 1 },
      { id: "r1", address: 2 },
    ]),
    { devices: TWO_LINES, clock, transport: (line) => bus(line.path).attach() },
  );
  const pd = (path: string, address: number, readerId: string) =>
    new SimulatedPd({ clock, transport: bus(path).attach(), address, scbk: keyOf(readerId) });
  const pds = {
    r0: pd("/dev/line-a", 1, "r0"),
    r1: pd("/dev/line-b", 2, "r1"),
    // Where r1 is readdressed to, and the reader r9 that replaces it.
    r1Moved: pd("/dev/line-b", 5, "r1"),
    r9: pd("/dev/line-b", 7, "r9"),
  };
  devices.start((input) => site.push(input));
  clock.advance(1_000);
  return { clock, devices, site, relays, pds };
};

describe("OSDP lines after a configuration change", () => {
  it("restarts only the line whose reader moved, and the moved reader comes up at its new address", () => {
    const h = start();
    expect([h.devices.readerStatus("r0"), h.devices.readerStatus("r1")]).toEqual(["online", "online"]);

    const changed = validSite([
      { id: "r0", address: 1 },
      { id: "r1", address: 5 },
    ]);
    expect(Either.isRight(h.devices.reconfigure(changed.site))).toBe(true);
    // Line A's reader kept its session; line B starts over and finds r1 at address 5.
    expect(h.devices.readerStatus("r0")).toBe("online");
    expect(h.devices.readerStatus("r1")).toBe("connecting");
    h.clock.advance(1_000);
    expect(h.devices.readerStatus("r1")).toBe("online");
    expect(h.pds.r1Moved.secureChannelActive()).toBe(true);

    // A card at the moved reader reaches the site and opens d1.
    h.pds.r1Moved.swipe(cardBits(ALICE_CARD));
    h.clock.advance(500);
    expect(h.relays.unlocks().map((u) => u.relay)).toEqual(["c0:lock1"]);
  });

  it("swaps a removed reader for a new one: the old one is gone, the new one runs under its own key", () => {
    const h = start();
    const changed = validSite([
      { id: "r0", address: 1 },
      { id: "r9", address: 7 },
    ]);
    expect(Either.isRight(h.devices.reconfigure(changed.site))).toBe(true);
    expect(h.devices.readerStatus("r1")).toBeUndefined();
    h.clock.advance(1_000);
    expect(h.devices.readerStatus("r9")).toBe("online");
    expect(h.pds.r9.secureChannelActive()).toBe(true);
    expect(h.devices.readerStatus("r0")).toBe("online");
  });

  it("leaves every line as it was when the changed site does not fit them", () => {
    const h = start();
    // A third door's reader sits on controller c1, whose ports no line serves.
    const unfit = validSite([
      { id: "r0", address: 1 },
      { id: "r1", address: 2 },
      { id: "r2", address: 3 },
    ]);
    const result = h.devices.reconfigure(unfit.site);
    expect(Either.isLeft(result) && result.left.message).toMatch(/"r2" on port .* is on no line/);
    h.clock.advance(1_000);
    expect([h.devices.readerStatus("r0"), h.devices.readerStatus("r1")]).toEqual(["online", "online"]);
    expect(h.devices.readerStatus("r2")).toBeUndefined();
  });
});
