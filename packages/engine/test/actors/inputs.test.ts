/** Door inputs: debounce, polarity, supervision faults, two locks, the monitoring door, offline controllers. */
import { describe, expect, it } from "vitest";
import { simulateSite } from "@portcullis/testkit";
import { readSupervisedLoop } from "@portcullis/engine";
import { doorConfig, doorSite } from "../support/doorSite";

const monitor = (extra: Record<string, unknown> = {}) => ({
  doorMonitor: { input: "in1", openWhen: "circuit-open", debounceMs: 50, ...extra },
});

describe("debounce", () => {
  it("a change takes effect once it has held for the debounce time, stamped at that moment", () => {
    const s = doorSite(monitor());
    s.push({ type: "input", inputId: "c1:in1", state: "inactive" });
    s.advance(50);
    s.grant();
    s.push({ type: "input", inputId: "c1:in1", state: "active" });
    s.advance(49);
    expect(s.times("DoorOpened")).toEqual([]);
    s.advance(1);
    expect(s.times("DoorOpened")).toEqual([100]);
    expect(s.times("AccessTaken")).toEqual([100]);
  });

  it("a bounce shorter than the debounce time changes nothing", () => {
    const s = doorSite(monitor());
    s.push({ type: "input", inputId: "c1:in1", state: "inactive" });
    s.advance(50);
    s.push({ type: "input", inputId: "c1:in1", state: "active" });
    s.advance(20);
    s.push({ type: "input", inputId: "c1:in1", state: "inactive" });
    s.advance(200);
    expect(s.times("DoorOpened")).toEqual([]);
    expect(s.times("DoorForcedOpen")).toEqual([]);
  });

  it("polarity: with 'door open if circuit is closed', a closed circuit opens the door", () => {
    const s = doorSite({ doorMonitor: { input: "in1", openWhen: "circuit-closed" } });
    s.push({ type: "circuit", inputId: "c1:in1", reading: "circuit-closed" });
    expect(s.times("DoorForcedOpen")).toEqual([0]);
    s.push({ type: "circuit", inputId: "c1:in1", reading: "circuit-open" });
    expect(s.site.door("d1")?.position).toBe("Closed");
  });
});

describe("supervised inputs", () => {
  const supervised = monitor({ debounceMs: 0, supervision: { kind: "parallel-first" } });

  it.each(["cut", "short"] as const)(
    "%s → InputFault, position Unknown, no forced-open; restored after",
    (fault) => {
      const s = doorSite(supervised);
      s.push({ type: "input", inputId: "c1:in1", state: "inactive" });
      s.push({ type: "input", inputId: "c1:in1", state: fault });
      expect(s.events.filter((e) => e.type === "InputFault")).toMatchObject([{ input: "c1:in1", fault }]);
      expect(s.site.door("d1")?.position).toBe("Unknown");
      expect(s.site.door("d1")?.faults).toEqual([{ input: "c1:in1", fault }]);
      s.push({ type: "input", inputId: "c1:in1", state: "active" });
      expect(s.times("DoorForcedOpen")).toEqual([]);
      expect(
        s.events.filter((e) => e.type === "InputFault").map((e) => (e as { fault: string }).fault),
      ).toEqual([fault, "restored"]);
      expect(s.site.door("d1")?.position).toBe("Open");
    },
  );

  it("a position reported while the monitor is faulted is ignored: the position stays Unknown", () => {
    const s = doorSite(supervised);
    s.push({ type: "input", inputId: "c1:in1", state: "inactive" });
    s.push({ type: "input", inputId: "c1:in1", state: "cut" });
    const before = s.events.length;
    s.open();
    expect(s.site.door("d1")?.position).toBe("Unknown");
    expect(s.events.length).toBe(before);
  });

  it("an unsupervised input cannot read cut: rejected, nothing changes", () => {
    const s = doorSite(monitor());
    const before = s.events.length;
    expect(() => s.push({ type: "input", inputId: "c1:in1", state: "cut" })).toThrow(/not supervised/);
    expect(s.events.length).toBe(before);
  });

  it("loop resistances read as the seed's wiring says", () => {
    const parallel = { kind: "parallel-first" } as const;
    expect(readSupervisedLoop(parallel, 26_700)).toBe("circuit-open");
    expect(readSupervisedLoop(parallel, 4_700)).toBe("circuit-closed");
    expect(readSupervisedLoop(parallel, 1e9)).toBe("cut");
    expect(readSupervisedLoop(parallel, 10)).toBe("short");
    const serial = { kind: "serial-first", resistorOhms: 2_200 } as const;
    expect(readSupervisedLoop(serial, 4_400)).toBe("circuit-open");
    expect(readSupervisedLoop(serial, 2_200)).toBe("circuit-closed");
  });
});

describe("two locks", () => {
  it("drives both relays and publishes a LockChanged per relay", () => {
    const s = doorSite({ secondaryLock: "r2" });
    s.grant();
    expect([s.locked("c1:r1"), s.locked("c1:r2")]).toEqual([false, false]);
    expect(s.events.filter((e) => e.type === "LockChanged")).toMatchObject([
      { lock: "c1:r1", state: "unlocked" },
      { lock: "c1:r2", state: "unlocked" },
    ]);
    s.advance(7_000);
    expect([s.locked("c1:r1"), s.locked("c1:r2")]).toEqual([true, true]);
    expect(s.site.door("d1")?.locks).toEqual([
      { relay: "c1:r1", state: "locked" },
      { relay: "c1:r2", state: "locked" },
    ]);
  });
});

describe("monitoring door", () => {
  const config = {
    ...doorConfig(),
    controllers: [
      ...doorConfig().controllers,
      { id: "io1", name: "I/O", kind: "io-module", inputs: ["p1", "p2"] },
    ],
    doors: [
      ...doorConfig().doors,
      {
        id: "fire",
        name: "Fire door",
        controllerId: "io1",
        type: "monitoring",
        sensor: {
          input: "p1",
          openWhen: "circuit-open",
          debounceMs: 20,
          supervision: { kind: "parallel-first" },
        },
      },
    ],
  };

  it("reports open/closed after debounce, faults, and has no lock", () => {
    const s = simulateSite(config);
    s.push({ type: "circuit", inputId: "io1:p1", reading: "circuit-closed" });
    s.advance(20);
    s.push({ type: "circuit", inputId: "io1:p1", reading: "circuit-open" });
    s.advance(20);
    expect(s.typesSince(0)).toEqual(["DoorOpened"]);
    expect(s.site.door("fire")).toMatchObject({
      kind: "monitoring",
      locks: [],
      position: "Open",
      alarm: "Normal",
    });
    s.advance(3_600_000);
    expect(s.typesSince(0)).toEqual(["DoorOpened"]);
    s.push({ type: "input", inputId: "io1:p1", state: "cut" });
    s.advance(20);
    expect(s.site.door("fire")).toMatchObject({
      position: "Unknown",
      faults: [{ input: "io1:p1", fault: "cut" }],
    });
    s.push({ type: "door", doorId: "fire", open: false });
    expect(s.site.door("fire")?.position).toBe("Unknown");
    const refused = s.site.manual("fire", "unlock", "op");
    expect(refused._tag === "Left" && refused.left.code).toBe("NoLock");
  });
});

describe("controller offline", () => {
  it("its doors report Unknown and actuate nothing until it is back", () => {
    const s = doorSite();
    s.push({ type: "controller", controllerId: "c1", online: false });
    expect(s.site.door("d1")).toMatchObject({ status: "controller-offline", position: "Unknown" });
    s.relays.clear();
    s.site.manual("d1", "unlock", "op");
    expect(s.relays.size).toBe(0);
    s.push({ type: "controller", controllerId: "c1", online: true });
    expect(s.locked()).toBe(false);
    expect(s.site.door("d1")?.status).toBe("online");
    expect(s.typesSince(0)).toContain("ControllerOffline");
  });

  it("back online, its inputs read afresh: a door still closed shows Closed, one found open is not forced", () => {
    const s = doorSite(monitor());
    s.push({ type: "circuit", inputId: "c1:in1", reading: "circuit-closed" });
    s.advance(50);
    expect(s.site.door("d1")?.position).toBe("Closed");
    for (const found of ["circuit-closed", "circuit-open"] as const) {
      s.push({ type: "controller", controllerId: "c1", online: false });
      expect(s.site.door("d1")?.position).toBe("Unknown");
      s.push({ type: "controller", controllerId: "c1", online: true });
      s.push({ type: "circuit", inputId: "c1:in1", reading: found });
      s.advance(50);
      expect(s.site.door("d1")?.position).toBe(found === "circuit-open" ? "Open" : "Closed");
    }
    expect(s.times("DoorForcedOpen")).toEqual([]);
  });

  it("back online, the monitor's first reading gives the position again, even if it did not change", () => {
    const s = doorSite();
    s.push({ type: "input", inputId: "c1:in1", state: "inactive" });
    s.push({ type: "controller", controllerId: "c1", online: false });
    s.push({ type: "controller", controllerId: "c1", online: true });
    expect(s.site.door("d1")?.position).toBe("Unknown");
    s.push({ type: "input", inputId: "c1:in1", state: "inactive" });
    expect(s.site.door("d1")?.position).toBe("Closed");
  });
});
