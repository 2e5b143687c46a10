/** The device configuration: its fields decoded and named, and its OSDP lines planned against the site. */
import { nodeCrypto } from "@portcullis/protocols";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { decodeDeviceConfig, planOsdpLines } from "../../src/devices";
import { MAIN_KEY, oneLine, validSite } from "./fixtures";

describe("device configuration", () => {
  const sc = { mainKey: MAIN_KEY, crypto: nodeCrypto };
  const site = validSite([
    { id: "r0", address: 1 },
    { id: "r1", address: 1, secureChannel: false },
  ]).site;

  it("names the bad field of a device configuration", () => {
    const bad = decodeDeviceConfig({ lines: [{ path: "/dev/ttyUSB0", baudRate: 1234, ports: [] }] });
    expect(Either.isLeft(bad) && bad.left.field).toBe("lines[0].baudRate");
    const revisit = decodeDeviceConfig({
      lines: [{ path: "/dev/ttyUSB0", baudRate: 9_600, minRevisitMs: 5_000 }],
    });
    expect(Either.isLeft(revisit) && revisit.left.field).toBe("lines[0].minRevisitMs");
    // A bus may carry only OSDP I/O modules: no reader ports.
    const modulesOnly = decodeDeviceConfig({ lines: [{ path: "/dev/ttyUSB0", baudRate: 9_600 }] });
    expect(Either.isRight(modulesOnly) && modulesOnly.right.lines[0]?.ports).toEqual([]);
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
