/** The grant cycle: relock modes with and without a door monitor, supersession, grants while open. */
import { describe, expect, it } from "vitest";
import { simulateSite } from "@portcullis/testkit";
import { doorConfig, doorSite } from "../support/doorSite";

const afterOpening = (relockDelayMs: number) => ({ timing: { relock: "after-opening", relockDelayMs } });
const afterClosing = (relockDelayMs: number) => ({ timing: { relock: "after-closing", relockDelayMs } });

describe("relock after opening", () => {
  it("relocks the relock delay after the opening while the door stays open", () => {
    const s = doorSite(afterOpening(500));
    s.grant();
    s.advance(1_000);
    s.open();
    s.advance(499);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
    expect(s.site.door("d1")?.mode).toBe("Locked");
  });

  it("relocks at the close when the door closes before the relock delay ends", () => {
    const s = doorSite(afterOpening(5_000));
    s.grant();
    s.open();
    s.advance(1_000);
    expect(s.locked()).toBe(false);
    s.close();
    expect(s.locked()).toBe(true);
  });

  it("without a door monitor relocks when the access time ends and never knows whether it was taken", () => {
    const s = doorSite({ ...afterOpening(500), doorMonitor: undefined });
    s.grant();
    s.advance(6_999);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
    expect(s.times("AccessTaken")).toEqual([]);
    expect(s.times("AccessNotTaken")).toEqual([]);
    expect(s.site.door("d1")?.position).toBe("Unknown");
  });
});

describe("relock after closing", () => {
  it("stays unlocked while open past the access time and relocks the delay after closing", () => {
    const s = doorSite(afterClosing(800));
    s.grant();
    s.advance(2_000);
    s.open();
    s.advance(20_000);
    expect(s.locked()).toBe(false);
    s.close();
    s.advance(799);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
    expect(s.times("LockChanged")).toEqual([0, 22_800]);
  });

  it("a reopening during the relock delay keeps it unlocked until the next close", () => {
    const s = doorSite(afterClosing(1_000));
    s.grant();
    s.open();
    s.advance(500);
    s.close();
    s.advance(500);
    s.open();
    s.advance(2_000);
    expect(s.locked()).toBe(false);
    s.close();
    s.advance(1_000);
    expect(s.locked()).toBe(true);
    expect(s.times("AccessTaken")).toEqual([0]);
  });

  it("a grant during the relock delay starts its own access time; the taken grant is not 'not taken'", () => {
    const s = doorSite(afterClosing(1_000));
    s.grant({ grantId: "long", long: true });
    s.open();
    s.close();
    s.grant({ grantId: "next" });
    s.advance(6_999);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
    expect(
      s.events.filter((e) => e.type === "AccessNotTaken").map((e) => (e as { grantId: string }).grantId),
    ).toEqual(["next"]);
  });

  it("a grant during a relock delay longer than its access time never relocks earlier", () => {
    const s = doorSite(afterClosing(10_000));
    s.grant();
    s.open();
    s.advance(1_000);
    s.close();
    s.advance(1_000);
    s.grant();
    s.advance(8_999);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
  });

  it("without a door monitor relocks when the access time ends", () => {
    const s = doorSite({ ...afterClosing(800), doorMonitor: undefined });
    s.grant();
    s.advance(7_000);
    expect(s.locked()).toBe(true);
  });
});

describe("lock on close with access time left", () => {
  it.each([
    ["after-opening", afterOpening(10_000)],
    ["after-closing", afterClosing(0)],
  ])("%s: closing locks at once even with access time left", (_, door) => {
    const s = doorSite(door);
    s.grant();
    s.advance(1_000);
    s.open();
    s.advance(1_000);
    s.close();
    expect(s.locked()).toBe(true);
    expect(s.times("LockChanged")).toEqual([0, 2_000]);
    s.advance(60_000);
    expect(s.times("AccessNotTaken")).toEqual([]);
  });
});

describe("re-grant while unlocked", () => {
  it("a new grant supersedes the pending one, which is not taken; the unlock runs to the later deadline", () => {
    const s = doorSite();
    s.grant({ grantId: "first" });
    s.advance(4_000);
    s.grant({ grantId: "second" });
    expect(
      s.events.filter((e) => e.type === "AccessNotTaken").map((e) => (e as { grantId: string }).grantId),
    ).toEqual(["first"]);
    s.advance(6_999);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
    expect(s.times("AccessNotTaken")).toEqual([4_000, 11_000]);
  });

  it("a normal grant never shortens a pending long one, and the long open-too-long applies", () => {
    const s = doorSite();
    s.grant({ long: true });
    s.advance(1_000);
    s.grant({ long: false });
    s.advance(18_999);
    expect(s.locked()).toBe(false);
    s.open();
    s.advance(29_999);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    s.advance(1);
    expect(s.times("DoorOpenTooLong")).toEqual([49_999]);
  });

  it("the opening is the latest grant's AccessTaken", () => {
    const s = doorSite();
    s.grant({ grantId: "first" });
    s.grant({ grantId: "second" });
    s.open();
    const taken = s.events.filter((e) => e.type === "AccessTaken");
    expect(taken.map((e) => (e as { grantId: string }).grantId)).toEqual(["second"]);
  });
});

describe("a grant while the door is open", () => {
  it("is taken at once and the open-too-long time counts from the grant", () => {
    const s = doorSite();
    s.grant();
    s.open();
    s.advance(10_000);
    s.grant({ grantId: "while-open" });
    expect(s.times("AccessTaken")).toEqual([0, 10_000]);
    s.advance(14_999);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    s.advance(1);
    expect(s.times("DoorOpenTooLong")).toEqual([25_000]);
  });

  it("with relock after closing keeps the door unlocked until it closes", () => {
    const s = doorSite(afterClosing(0));
    s.site.manual("d1", "unlock", "op", s.clock.now());
    s.open();
    s.site.manual("d1", "reset", "op", s.clock.now());
    expect(s.locked()).toBe(true);
    s.advance(1_000);
    s.grant();
    expect(s.times("AccessTaken")).toEqual([1_000]);
    expect(s.locked()).toBe(false);
    s.close();
    expect(s.locked()).toBe(true);
  });

  it("with relock at the opening and no delay, is taken without pulsing the lock", () => {
    const s = doorSite(afterOpening(0));
    s.open();
    s.advance(1_000);
    s.grant();
    expect(s.times("AccessTaken")).toEqual([1_000]);
    expect(s.times("LockChanged")).toEqual([]);
    expect(s.locked()).toBe(true);
  });

  it("also when the door is seen open again during a relock delay after closing", () => {
    const s = doorSite({
      timing: { relock: "after-closing", relockDelayMs: 5_000 },
      doorMonitor: { input: "in1", openWhen: "circuit-open", supervision: { kind: "parallel-first" } },
    });
    const monitor = (state: "active" | "inactive" | "cut") =>
      s.push({ type: "input", inputId: "c1:in1", state });
    s.grant({ grantId: "first" });
    monitor("active");
    s.advance(1_000);
    monitor("inactive");
    monitor("cut");
    monitor("active");
    s.advance(1_000);
    s.grant({ grantId: "second" });
    expect(
      s.events.filter((e) => e.type === "AccessTaken").map((e) => (e as { grantId: string }).grantId),
    ).toEqual(["first", "second"]);
    // Open: the after-closing cycle waits for the close.
    s.advance(30_000);
    expect(s.locked()).toBe(false);
    monitor("inactive");
    s.advance(5_000);
    expect(s.locked()).toBe(true);
  });

  it("a door first seen open while a grant waits takes it silently: nobody saw when it opened", () => {
    const s = doorSite({ timing: { relock: "after-closing", relockDelayMs: 0 } });
    s.push({ type: "controller", controllerId: "c1", online: false });
    s.push({ type: "controller", controllerId: "c1", online: true });
    s.grant();
    s.advance(1_000);
    s.open();
    s.advance(30_000);
    expect(s.times("AccessTaken")).toEqual([]);
    expect(s.times("AccessNotTaken")).toEqual([]);
    expect(s.locked()).toBe(false);
    s.close();
    expect(s.locked()).toBe(true);
  });
});

describe("timers and inputs at the same millisecond", () => {
  it("an opening exactly at the end of the access time is too late: the grant expired first", () => {
    const s = doorSite();
    s.grant();
    s.advance(7_000);
    s.open();
    expect(s.typesSince(0)).toContain("AccessNotTaken");
    expect(s.times("DoorForcedOpen")).toEqual([7_000]);
  });

  it("an opening one millisecond before the end is taken", () => {
    const s = doorSite();
    s.grant();
    s.advance(6_999);
    s.open();
    expect(s.times("AccessTaken")).toEqual([6_999]);
    expect(s.times("DoorForcedOpen")).toEqual([]);
  });

  it("an input stamped at a deadline the clock has not reached yet still sees the timer first", () => {
    const s = doorSite();
    s.grant();
    // A real clock's timer can lag its deadline; the input carries its own ingress stamp.
    s.site.push({ type: "door", doorId: "d1", open: true, at: s.t0 + 7_000 });
    expect(s.typesSince(0).indexOf("AccessNotTaken")).toBeLessThan(s.typesSince(0).indexOf("DoorForcedOpen"));
  });
});

describe("a door monitor fault during the cycle", () => {
  const supervised = (relock: "after-opening" | "after-closing", relockDelayMs = 500) => ({
    timing: { relock, relockDelayMs },
    doorMonitor: { input: "in1", openWhen: "circuit-open", supervision: { kind: "parallel-first" } },
  });
  const monitor = (s: ReturnType<typeof doorSite>, state: "active" | "inactive" | "cut" | "short") =>
    s.push({ type: "input", inputId: "c1:in1", state });

  it("after the access time, with the door held open on an after-closing relock, relocks at once", () => {
    const s = doorSite(supervised("after-closing"));
    s.grant();
    s.advance(1_000);
    monitor(s, "active");
    s.advance(20_000);
    expect(s.locked()).toBe(false);
    monitor(s, "cut");
    expect(s.site.door("d1")?.position).toBe("Unknown");
    expect(s.locked()).toBe(true);
    expect(s.times("LockChanged")).toEqual([0, 21_000]);
  });

  it("before the access time ends, relocks when it ends, as a door without a monitor", () => {
    const s = doorSite(supervised("after-closing"));
    s.grant();
    s.advance(1_000);
    monitor(s, "active");
    s.advance(1_000);
    monitor(s, "short");
    s.advance(4_999);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
  });

  it("during the relock delay after closing, relocks at once once the access time has passed", () => {
    const s = doorSite(supervised("after-closing", 5_000));
    s.grant();
    s.advance(1_000);
    monitor(s, "active");
    s.advance(5_000);
    monitor(s, "inactive");
    s.advance(2_000);
    expect(s.locked()).toBe(false);
    monitor(s, "cut");
    expect(s.times("LockChanged")).toEqual([0, 8_000]);
  });

  it("an unopened grant whose door cannot be seen when it ends is neither taken nor not taken", () => {
    const s = doorSite(supervised("after-opening"));
    monitor(s, "inactive");
    s.grant();
    s.advance(1_000);
    monitor(s, "cut");
    s.advance(6_000);
    expect(s.locked()).toBe(true);
    expect(s.times("AccessNotTaken")).toEqual([]);
    expect(s.times("AccessTaken")).toEqual([]);
  });

  it("nor is a grant on a door whose monitor has given no reading yet", () => {
    const s = simulateSite(doorConfig());
    s.push({
      type: "grant",
      doorId: "d1",
      grant: { grantId: "g", kind: "credential", cardholderIds: ["ch1"], long: false, exempt: false },
    });
    s.advance(7_000);
    expect(s.typesSince(0)).not.toContain("AccessNotTaken");
  });

  it("restored reading closed is the close the after-closing cycle waits for: relock after the delay", () => {
    const s = doorSite(supervised("after-closing"));
    s.grant();
    s.advance(1_000);
    monitor(s, "active");
    s.advance(1_000);
    monitor(s, "cut");
    s.advance(1_000);
    monitor(s, "inactive");
    expect(s.site.door("d1")?.position).toBe("Closed");
    s.advance(499);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
    s.advance(60_000);
    expect(s.times("LockChanged")).toEqual([0, 3_500]);
  });
});
