/** The seed manual's two "Time options" timelines, step by step. */
import { describe, expect, it } from "vitest";
import { doorSite } from "../support/doorSite";

describe("Time options: access time and open-too-long time", () => {
  it("1 grant unlocks, 2 access time runs, 3 no action: the lock locks when it ends", () => {
    const s = doorSite();
    s.grant();
    expect(s.locked()).toBe(false);
    s.advance(6_999);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
    expect(s.times("AccessNotTaken")).toEqual([7_000]);
    expect(s.times("AccessTaken")).toEqual([]);
  });

  it("4 action taken: the lock locks at the opening (relock after opening), 5-6 open-too-long alarm", () => {
    const s = doorSite();
    s.grant();
    s.advance(2_000);
    s.open();
    expect(s.times("AccessTaken")).toEqual([2_000]);
    expect(s.locked()).toBe(true);
    s.advance(14_999);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    s.advance(1);
    expect(s.times("DoorOpenTooLong")).toEqual([17_000]);
    expect(s.site.door("d1")?.alarm).toBe("DoorOpenTooLong");
  });

  it("4 action taken: the lock stays unlocked until the door closes (relock after closing)", () => {
    const s = doorSite({ timing: { relock: "after-closing" } });
    s.grant();
    s.advance(2_000);
    s.open();
    s.advance(10_000);
    expect(s.locked()).toBe(false);
    s.close();
    expect(s.locked()).toBe(true);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
  });
});

describe("Time options: long access time and long open-too-long time", () => {
  const long = { long: true };

  it("2+3 long access time: an unopened long grant relocks only when the long time ends", () => {
    const s = doorSite();
    s.grant(long);
    s.advance(7_000);
    expect(s.locked()).toBe(false);
    s.advance(12_999);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
    expect(s.times("AccessNotTaken")).toEqual([20_000]);
  });

  it("5 opened after the normal access time but within the long one: access taken", () => {
    const s = doorSite();
    s.grant(long);
    s.advance(12_000);
    s.open();
    expect(s.times("AccessTaken")).toEqual([12_000]);
    expect(s.times("DoorForcedOpen")).toEqual([]);
  });

  it("6+7 long open-too-long time: the alarm goes off after the long time, not the normal one", () => {
    const s = doorSite();
    s.grant(long);
    s.advance(1_000);
    s.open();
    s.advance(15_000);
    expect(s.times("DoorOpenTooLong")).toEqual([]);
    s.advance(15_000);
    expect(s.times("DoorOpenTooLong")).toEqual([31_000]);
  });
});
