/** Request to exit: action unlock and action none, and REX against card grants and lockdown. */
import { describe, expect, it } from "vitest";
import { doorSite } from "../support/doorSite";

const rex = (action: "unlock" | "none") => ({
  sides: { A: {}, B: { rex: { input: "in2", action, activeWhen: "circuit-closed" } } },
});

describe("REX unlock", () => {
  it("is a grant cycle without a credential: unlocks for the access time, the opening is taken, not forced", () => {
    const s = doorSite(rex("unlock"));
    s.push({ type: "rex", doorId: "d1", side: "B" });
    expect(s.times("RexActivated")).toEqual([0]);
    expect(s.locked()).toBe(false);
    s.advance(2_000);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([]);
    expect(s.events.filter((e) => e.type === "AccessTaken")).toMatchObject([
      { at: s.t0 + 2_000, cardholderIds: [], side: "B", grantId: expect.stringMatching(/^rex:/) },
    ]);
    s.close();
    expect(s.locked()).toBe(true);
  });

  it("relocks at the end of the access time when nobody opens: not taken", () => {
    const s = doorSite(rex("unlock"));
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.advance(7_000);
    expect(s.locked()).toBe(true);
    expect(s.times("AccessNotTaken")).toEqual([7_000]);
  });

  it("never supersedes a pending card grant: the opening is the card grant's AccessTaken", () => {
    const s = doorSite(rex("unlock"));
    s.grant({ grantId: "card" });
    s.advance(5_000);
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.advance(1_000);
    s.open();
    const taken = s.events.filter((e) => e.type === "AccessTaken");
    expect(taken.map((e) => (e as { grantId: string }).grantId)).toEqual(["card"]);
    expect(s.times("AccessNotTaken")).toEqual([]);
  });

  it("during a pending card grant extends the unlock to its own deadline", () => {
    const s = doorSite(rex("unlock"));
    s.grant({ grantId: "card" });
    s.advance(5_000);
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.advance(6_999);
    expect(s.locked()).toBe(false);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([]);
    expect(s.events.filter((e) => e.type === "AccessTaken")).toMatchObject([{ grantId: "card" }]);
  });

  it("during a manual grant extends the unlock to its own deadline", () => {
    const s = doorSite(rex("unlock"));
    s.site.manual("d1", "grant", "op");
    s.advance(5_000);
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.advance(6_999);
    expect(s.locked()).toBe(false);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([]);
    expect(s.events.filter((e) => e.type === "AccessTaken")).toMatchObject([
      { grantId: expect.stringMatching(/^manual:/) },
    ]);
  });

  it("during the relock delay after a passage unlocks for the exit", () => {
    const s = doorSite({ ...rex("unlock"), timing: { relock: "after-closing", relockDelayMs: 3_000 } });
    s.grant();
    s.open();
    s.advance(1_000);
    s.close();
    s.advance(1_000);
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.advance(6_999);
    expect(s.locked()).toBe(false);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([]);
  });

  it("never shortens a pending card grant", () => {
    const s = doorSite(rex("unlock"));
    s.grant({ long: true });
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.advance(19_999);
    expect(s.locked()).toBe(false);
    s.advance(1);
    expect(s.locked()).toBe(true);
  });

  it("opening after REX and staying open raises open-too-long", () => {
    const s = doorSite(rex("unlock"));
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.open();
    s.advance(15_000);
    expect(s.times("DoorOpenTooLong")).toEqual([15_000]);
  });

  it("unlocks nothing in lockdown, but the opening it authorises is not forced", () => {
    const s = doorSite(rex("unlock"));
    s.site.manual("d1", "lockdown", "op", s.clock.now());
    s.push({ type: "rex", doorId: "d1", side: "B" });
    expect(s.locked()).toBe(true);
    s.advance(1_000);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([]);
  });
});

describe("REX unlock cancelled by lockdown", () => {
  it("still authorises the exit it was for: that one opening is not forced", () => {
    const s = doorSite(rex("unlock"));
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.advance(1_000);
    s.site.manual("d1", "lockdown", "op");
    expect(s.locked()).toBe(true);
    s.advance(1_000);
    s.open();
    s.close();
    expect(s.times("DoorForcedOpen")).toEqual([]);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([2_000]);
  });

  it("also when it had joined a card grant", () => {
    const s = doorSite(rex("unlock"));
    s.grant();
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.site.manual("d1", "lockdown", "op");
    s.advance(6_999);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([]);
  });
});

describe("REX none", () => {
  it("opens nothing but authorises one opening within the access time", () => {
    const s = doorSite(rex("none"));
    s.push({ type: "rex", doorId: "d1", side: "B" });
    expect(s.locked()).toBe(true);
    s.advance(6_999);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([]);
    s.close();
    s.advance(1);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([7_000]);
  });

  it("authorises one opening only, even one the lock did not need it for", () => {
    const s = doorSite(rex("none"));
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.grant();
    s.advance(1_000);
    s.open();
    s.close();
    s.advance(1_000);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([2_000]);
  });

  it("authorises nothing once the access time has passed", () => {
    const s = doorSite(rex("none"));
    s.push({ type: "rex", doorId: "d1", side: "B" });
    s.advance(7_000);
    s.open();
    expect(s.times("DoorForcedOpen")).toEqual([7_000]);
  });
});

describe("REX input", () => {
  it("a raw REX edge is debounced, applies its polarity and presses once per activation", () => {
    const s = doorSite({
      sides: {
        A: { rex: { input: "in2", action: "unlock", activeWhen: "circuit-closed", debounceMs: 30 } },
        B: {},
      },
    });
    s.push({ type: "circuit", inputId: "c1:in2", reading: "circuit-open" });
    s.advance(30);
    s.push({ type: "circuit", inputId: "c1:in2", reading: "circuit-closed" });
    s.advance(29);
    expect(s.times("RexActivated")).toEqual([]);
    s.advance(1);
    expect(s.times("RexActivated")).toEqual([60]);
    expect(s.locked()).toBe(false);
  });
});
