import { describe, expect, it } from "vitest";
import { OFFLINE_AFTER_MS } from "../../../src";
import { startLine } from "./harness";

const readers = ["r1", "r2", "r3", "r4"].map((readerId, i) => ({ readerId, address: i + 1 }));

describe("a dead reader on a line of four", () => {
  it("goes offline after 8 s while the other three keep their poll rate, and comes back when plugged in", () => {
    const h = startLine(readers);
    const polls = (from: number, to: number) =>
      h.pds.map((pd) => (pd.countReceived("POLL", from, to) * 1000) / (to - from));

    h.clock.advance(5_000);
    const before = polls(1_000, 5_000);
    expect(Math.min(...before)).toBeGreaterThan(10);

    const unpluggedAt = h.clock.now();
    h.pds[3]!.unplug();
    h.clock.advance(OFFLINE_AFTER_MS - 300);
    expect(h.of("ReaderOffline")).toEqual([]);
    h.clock.advance(600);
    expect(h.of("ReaderOffline")).toEqual([
      { type: "ReaderOffline", readerId: "r4", at: expect.any(Number) },
    ]);
    // No valid reply since the last poll before the unplug, 8 s before going offline.
    const offlineAt = h.of("ReaderOffline")[0]!.at;
    expect(offlineAt - unpluggedAt).toBeGreaterThan(OFFLINE_AFTER_MS - 100);
    expect(offlineAt - unpluggedAt).toBeLessThanOrEqual(OFFLINE_AFTER_MS);

    // Out of the rotation, probed with back-off: the others are polled at least as often as before.
    h.clock.advance(120_000);
    const after = polls(offlineAt + 1_000, h.clock.now());
    for (const i of [0, 1, 2]) expect(after[i]!).toBeGreaterThanOrEqual(before[i]! * 0.98);
    expect(after[3]).toBe(0);
    expect(h.line.status("r1")).toBe("online");

    h.pds[3]!.plug();
    h.clock.advance(31_000);
    expect(h.line.status("r4")).toBe("online");
    expect(h.of("ReaderOnline", "r4").length).toBe(2);
    const back = h.clock.now();
    h.clock.advance(5_000);
    expect(Math.min(...polls(back, back + 5_000))).toBeGreaterThan(10);
  });

  it("probes an offline reader with back-off 1 s doubling to 30 s", () => {
    const h = startLine(readers.slice(0, 2));
    h.clock.advance(1_000);
    h.pds[1]!.unplug();
    // Count the ID probes on the wire: the unplugged PD hears nothing, so watch what the CP sends.
    const probeTimes: Array<number> = [];
    const spy = h.bus.attach();
    spy.onData((chunk) => {
      // Mark byte, SOM, address 2, …, code ID.
      if (chunk[2] === 2 && chunk[chunk.length - 4] === 0x61) probeTimes.push(h.clock.now());
    });
    h.clock.advance(OFFLINE_AFTER_MS + 200_000);
    const offlineAt = h.of("ReaderOffline")[0]!.at;
    const probes = probeTimes.filter((t) => t > offlineAt);
    const gaps = probes.slice(1).map((t, i) => Math.round((t - probes[i]!) / 100) / 10);
    expect(Math.round((probes[0]! - offlineAt) / 100) / 10).toBeCloseTo(1, 0);
    expect(gaps.slice(0, 6).map((g) => Math.round(g))).toEqual([2, 4, 8, 16, 30, 30]);
  });
});
