/** Forced open, open-too-long, their clearing, and masking while the door is held unlocked. */
import { describe, expect, it } from "vitest";
import { simulateSite } from "@portcullis/testkit";
import { doorConfig, doorSite, HOUR, HOURS_TO_CLOSING, officeHours } from "../support/doorSite";

describe("forced open", () => {
  it("an opening while locked with no grant or REX is forced; closing clears it", () => {
    const s = doorSite();
    s.advance(1_000);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([1_000]);
    expect(s.site.door("d1")?.alarm).toBe("DoorForcedOpen");
    s.advance(2_000);
    s.close();
    expect(s.times("DoorAlarmCleared")).toEqual([3_000]);
    expect(s.site.door("d1")?.alarm).toBe("Normal");
  });

  it("a forced door left open also raises open-too-long", () => {
    const s = doorSite();
    s.open();
    s.advance(15_000);
    expect(s.times("DoorOpenTooLong")).toEqual([15_000]);
    s.close();
    expect(s.times("DoorAlarmCleared")).toEqual([15_000]);
  });

  it("the first reading after start is taken silently even when open, and starts open-too-long", () => {
    const s = simulateSite(doorConfig());
    const t0 = s.clock.now();
    s.push({ type: "door", doorId: "d1", open: true });
    expect(s.site.door("d1")?.position).toBe("Open");
    expect(s.typesSince(0)).not.toContain("DoorForcedOpen");
    expect(s.typesSince(0)).not.toContain("DoorOpened");
    s.advance(15_000);
    expect(s.events.filter((e) => e.type === "DoorOpenTooLong").map((e) => e.at - t0)).toEqual([15_000]);
  });
});

describe("a door monitor restored from a fault", () => {
  const supervised = {
    doorMonitor: {
      input: "in1",
      openWhen: "circuit-open",
      supervision: { kind: "serial-first", resistorOhms: 2_200 },
    },
  };
  const monitor = (s: ReturnType<typeof doorSite>, state: "active" | "inactive" | "cut") =>
    s.push({ type: "input", inputId: "c1:in1", state });

  it("reading closed clears a standing forced-open or open-too-long alarm", () => {
    const s = doorSite(supervised);
    monitor(s, "inactive");
    s.advance(1_000);
    monitor(s, "active");
    s.advance(15_000);
    expect(s.site.door("d1")?.alarm).toBe("DoorForcedOpen");
    monitor(s, "cut");
    s.advance(1_000);
    monitor(s, "inactive");
    expect(s.times("DoorAlarmCleared")).toEqual([17_000]);
    expect(s.site.door("d1")?.alarm).toBe("Normal");
  });

  it("no alarm from before the fault keeps a later open-too-long quiet", () => {
    const s = doorSite(supervised);
    monitor(s, "inactive");
    s.grant();
    monitor(s, "active");
    s.advance(15_000);
    expect(s.times("DoorOpenTooLong")).toEqual([15_000]);
    monitor(s, "cut");
    monitor(s, "inactive");
    s.advance(1_000);
    s.grant();
    monitor(s, "active");
    s.advance(15_000);
    expect(s.times("DoorOpenTooLong")).toEqual([15_000, 31_000]);
  });
});

describe("open-too-long", () => {
  it("after a grant: alarm when the open-too-long time passes, cleared on closing", () => {
    const s = doorSite();
    s.grant();
    s.open();
    s.advance(15_000);
    expect(s.times("DoorOpenTooLong")).toEqual([15_000]);
    s.advance(5_000);
    s.close();
    expect(s.times("DoorAlarmCleared")).toEqual([20_000]);
  });

  it("closing in time cancels it", () => {
    const s = doorSite();
    s.grant();
    s.open();
    s.advance(14_999);
    s.close();
    s.advance(60_000);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    expect(s.times("DoorAlarmCleared")).toEqual([]);
  });
});

describe("open-too-long of an opening that took a long grant", () => {
  it("a later ordinary grant while open never shortens it", () => {
    const s = doorSite({ timing: { relock: "after-closing" } });
    s.grant({ long: true });
    s.open();
    s.advance(10_000);
    s.grant({ long: false });
    s.advance(29_999);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    s.advance(1);
    expect(s.times("DoorOpenTooLong")).toEqual([40_000]);
  });

  it("it stays long after the cycle has ended, when a hold that masked it ends", () => {
    const s = doorSite({ timing: { relock: "after-opening", relockDelayMs: 0 } });
    s.grant({ long: true });
    s.open();
    expect(s.locked()).toBe(true);
    s.advance(5_000);
    s.site.manual("d1", "unlock", "op");
    s.advance(5_000);
    s.site.manual("d1", "reset", "op");
    s.advance(29_999);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    s.advance(1);
    expect(s.times("DoorOpenTooLong")).toEqual([40_000]);
  });
});

describe("masking while held unlocked", () => {
  it("a scheduled unlock masks forced-open and open-too-long; the timer starts when the unlock ends", () => {
    const s = doorSite({ unlockSchedule: "office" }, { schedules: [officeHours] });
    expect(s.locked()).toBe(false);
    expect(s.site.door("d1")?.mode).toBe("Unlocked");
    s.open();
    s.advance(HOURS_TO_CLOSING * HOUR - 1);
    expect(s.times("DoorForcedOpen")).toEqual([]);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    s.advance(1);
    expect(s.locked()).toBe(true);
    s.advance(14_999);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    s.advance(1);
    expect(s.times("DoorOpenTooLong")).toEqual([HOURS_TO_CLOSING * HOUR + 15_000]);
  });

  it("a manual unlock masks the open-too-long timer of a door opened by a grant", () => {
    const s = doorSite();
    s.grant();
    s.open();
    s.advance(5_000);
    s.site.manual("d1", "unlock", "op", s.clock.now());
    s.advance(60_000);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    s.site.manual("d1", "reset", "op", s.clock.now());
    s.advance(15_000);
    expect(s.times("DoorOpenTooLong")).toEqual([80_000]);
  });
});
