/** The manual-slot command table of DESIGN §4, row by row, and the sequences operators rely on. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { applyManualCommand, type ManualCommand, type Slot } from "@portcullis/engine";
import { doorSite, HOUR, HOURS_TO_CLOSING, officeHours } from "../support/doorSite";

const TABLE: Record<ManualCommand, Record<Slot, string>> = {
  reset: { none: "none", unlock: "none", lock: "none", lockdown: "none" },
  unlock: { none: "unlock", unlock: "unlock", lock: "unlock", lockdown: "unlock" },
  lock: { none: "lock", unlock: "lock", lock: "lock", lockdown: "refused" },
  lockdown: { none: "lockdown", unlock: "lockdown", lock: "lockdown", lockdown: "no-op" },
  grant: { none: "momentary", unlock: "no-op", lock: "momentary", lockdown: "refused" },
};

const reach = (s: ReturnType<typeof doorSite>, slot: Slot) => {
  if (slot !== "none") s.site.manual("d1", slot, "op", s.clock.now());
};

describe("the slot table", () => {
  for (const [command, row] of Object.entries(TABLE) as Array<[ManualCommand, Record<Slot, string>]>) {
    for (const [slot, expected] of Object.entries(row) as Array<[Slot, string]>) {
      it(`${command} on ${slot} → ${expected}`, () => {
        const outcome = applyManualCommand(slot, command);
        expect(outcome.kind === "slot" ? outcome.slot : outcome.kind).toBe(expected);

        const s = doorSite();
        reach(s, slot);
        const result = s.site.manual("d1", command, "op", s.clock.now());
        const door = s.site.door("d1")!;
        if (expected === "refused") {
          expect(Either.isLeft(result) && result.left.code).toBe("DoorInLockdown");
          expect(door.slot).toBe(slot);
        } else if (expected === "momentary") {
          expect(door.slot).toBe(slot);
          expect(s.locked()).toBe(false);
          s.advance(6_999);
          expect(s.locked()).toBe(false);
          s.advance(1);
          expect(s.locked()).toBe(true);
        } else if (expected === "no-op") {
          expect(door.slot).toBe(slot);
        } else {
          expect(door.slot).toBe(expected);
          expect(s.locked()).toBe(expected !== "unlock");
        }
      });
    }
  }
});

describe("sequences", () => {
  it("Lock then Unlock → unlocked", () => {
    const s = doorSite();
    s.site.manual("d1", "lock", "op");
    s.site.manual("d1", "unlock", "op");
    expect(s.site.door("d1")?.mode).toBe("Unlocked");
    expect(s.locked()).toBe(false);
  });

  it("Lockdown then Unlock → unlocked (Unlock releases lockdown)", () => {
    const s = doorSite();
    s.site.manual("d1", "lockdown", "op");
    s.site.manual("d1", "unlock", "op");
    expect(s.site.door("d1")?.slot).toBe("unlock");
    expect(s.locked()).toBe(false);
  });

  it("Lockdown then Lock → still lockdown", () => {
    const s = doorSite();
    s.site.manual("d1", "lockdown", "op");
    const result = s.site.manual("d1", "lock", "op");
    expect(Either.isLeft(result)).toBe(true);
    expect(s.site.door("d1")?.mode).toBe("LockedDown");
  });

  it("Lock during a scheduled unlock holds it locked; a grant opens it; after its cycle the schedule rules again", () => {
    const s = doorSite({ unlockSchedule: "office" }, { schedules: [officeHours] });
    expect(s.locked()).toBe(false);
    s.site.manual("d1", "lock", "op");
    expect(s.locked()).toBe(true);
    s.advance(HOUR);
    expect(s.locked()).toBe(true);
    s.grant();
    expect(s.locked()).toBe(false);
    s.open();
    s.advance(2_000);
    s.close();
    expect(s.site.door("d1")?.slot).toBe("none");
    expect(s.locked()).toBe(false);
    expect(s.site.door("d1")?.mode).toBe("Unlocked");
    s.advance((HOURS_TO_CLOSING - 1) * HOUR);
    expect(s.locked()).toBe(true);
  });

  it("Lock pressed during a grant cycle lets the cycle finish, then keeps the door locked", () => {
    const s = doorSite({ unlockSchedule: "office" }, { schedules: [officeHours] });
    s.grant();
    s.advance(1_000);
    s.site.manual("d1", "lock", "op");
    expect(s.locked()).toBe(false);
    s.advance(6_000);
    expect(s.locked()).toBe(true);
    expect(s.site.door("d1")?.slot).toBe("lock");
  });

  it("Lock pressed again during the grant that ends an earlier Lock: last command wins, the door stays locked", () => {
    const s = doorSite({ unlockSchedule: "office" }, { schedules: [officeHours] });
    s.site.manual("d1", "lock", "op");
    s.grant();
    s.advance(1_000);
    s.site.manual("d1", "lock", "op");
    expect(s.locked()).toBe(false);
    s.advance(6_000);
    expect(s.site.door("d1")?.slot).toBe("lock");
    expect(s.locked()).toBe(true);
  });

  it("Grant access while a card grant is pending joins it: the unlock runs to the later deadline, the opening is the card's", () => {
    const s = doorSite();
    s.grant({ grantId: "card" });
    s.advance(5_000);
    s.site.manual("d1", "grant", "op");
    s.advance(6_999);
    expect(s.locked()).toBe(false);
    s.open();
    expect(s.times("AccessNotTaken")).toEqual([]);
    expect(s.events.filter((e) => e.type === "AccessTaken")).toMatchObject([{ grantId: "card" }]);
  });

  it("Lockdown during a grant relocks at once and the unopened grant is not taken", () => {
    const s = doorSite();
    s.grant();
    s.advance(1_000);
    s.site.manual("d1", "lockdown", "op");
    expect(s.locked()).toBe(true);
    expect(s.times("AccessNotTaken")).toEqual([1_000]);
    s.advance(500);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([1_500]);
  });

  it("Lockdown cancels an exempt grant in progress too; an exempt grant after it unlocks", () => {
    const s = doorSite();
    s.grant({ exempt: true });
    s.site.manual("d1", "lockdown", "op");
    expect(s.locked()).toBe(true);
    s.grant({ exempt: false });
    expect(s.locked()).toBe(true);
    s.grant({ exempt: true });
    expect(s.locked()).toBe(false);
    expect(s.site.door("d1")?.mode).toBe("LockedDown");
  });

  it("every manual action is journalled with who did it", () => {
    const s = doorSite();
    s.site.manual("d1", "unlock", "alice");
    const action = s.events.find((e) => e.type === "ManualAction");
    expect(action).toMatchObject({ doorId: "d1", action: "unlock", by: "alice" });
  });
});

describe("double-swipe override", () => {
  it("inverts the schedule level both ways and ends at the next schedule transition", () => {
    const s = doorSite({ unlockSchedule: "office" }, { schedules: [officeHours] });
    s.push({ type: "doubleSwipe", doorId: "d1", cardholderId: "ch1" });
    expect(s.locked()).toBe(true);
    s.push({ type: "doubleSwipe", doorId: "d1", cardholderId: "ch1" });
    expect(s.locked()).toBe(false);
    s.advance(HOURS_TO_CLOSING * HOUR);
    expect(s.locked()).toBe(true);
    s.push({ type: "doubleSwipe", doorId: "d1", cardholderId: "ch1" });
    expect(s.locked()).toBe(false);
    expect(s.site.door("d1")?.override).toBe(true);
    // Tuesday 08:00: the schedule unlocks, which ends the override (the door stays unlocked by schedule).
    s.advance(15 * HOUR);
    expect(s.site.door("d1")?.override).toBe(false);
    expect(s.locked()).toBe(false);
    s.advance(9 * HOUR);
    expect(s.locked()).toBe(true);
    expect(s.times("DoubleSwipeToggled")).toHaveLength(4);
  });

  it("is ended by Reset and ignored while the manual slot is set", () => {
    const s = doorSite();
    s.push({ type: "doubleSwipe", doorId: "d1", cardholderId: "ch1" });
    expect(s.locked()).toBe(false);
    s.site.manual("d1", "lock", "op");
    s.push({ type: "doubleSwipe", doorId: "d1", cardholderId: "ch1" });
    expect(s.site.door("d1")?.override).toBe(true);
    s.site.manual("d1", "reset", "op");
    expect(s.site.door("d1")?.override).toBe(false);
    expect(s.locked()).toBe(true);
  });
});
