/** Scenarios read like an incident report: who did what, when, and what the site said. */
import { describe, expect, it } from "vitest";
import { scenario } from "../src";
import { twoDoorSite } from "./siteFixture";

describe("scenario", () => {
  it("a morning at the gate: a grant taken and relocked on closing, an unknown card, a REX", () => {
    const events = scenario(twoDoorSite)
      .at("08:00")
      .swipe("gate-a", 1001)
      .expect({ door: "gate", mode: "Accessed", position: "Closed" })
      .open("gate")
      .after("3s")
      .close("gate")
      .expectEvents([
        { type: "AccessGranted", doorId: "gate", cardholderIds: ["alice"] },
        { type: "AccessTaken", doorId: "gate" },
        // Relock after opening: the lock closes as the door opens, before it closes.
        { type: "LockChanged", state: "locked" },
        { type: "DoorClosed" },
      ])
      .expect({ door: "gate", mode: "Locked", alarm: "Normal" })
      .at("08:05")
      .swipe("gate-a", 7777n)
      .expect({ type: "AccessDenied", reason: "CredentialNotFound", readerId: "gate-a" })
      .rex("gate", "B")
      .expect({ type: "RexActivated", side: "B" })
      .run();
    const taken = events.find((e) => e.type === "AccessTaken");
    expect(new Date(taken!.at).toISOString()).toBe("2026-01-05T07:00:00.000Z");
  });

  it("the lab: hard anti-passback until the exit, a PIN instead of a card, nothing after hours", () => {
    const lab = scenario(twoDoorSite)
      .at("09:00")
      .swipe("lab-a", 1001)
      .open("lab")
      .after("2s")
      .close("lab")
      .expect((_, sim) => sim.site.presenceOf("alice").some((p) => p.zoneId === "labZone"))
      .after("1m")
      .pin("lab-a", "4321#")
      .expect({ type: "AccessDenied", reason: "AntiPassbackViolation", cardholderId: "alice" })
      .swipe("lab-b", 1001)
      .open("lab")
      .after("1s")
      .close("lab")
      .expect({ type: "AccessTaken", fromZone: "labZone" })
      .pin("lab-a", "4321#")
      .expect({ type: "AccessGranted", credentialId: "alice-pin" })
      .swipe("lab-a", 2002)
      .expect({ type: "AccessDenied", reason: "Unauthorized", cardholderId: "bob" })
      .at("18:30")
      .swipe("gate-a", 2002)
      .expect({ type: "AccessDenied", reason: "NotPermittedAtThisTime" });
    const first = lab.run();
    // A scenario replays on a fresh site: the same steps give the same events.
    expect(lab.run()).toEqual(first);
  });

  it("manual actions follow the slot table, and a failed expectation names its step and the events", () => {
    scenario(twoDoorSite, { start: "2026-03-02T06:00:00Z" })
      .manual("gate", "lockdown", "guard")
      .expect({ type: "ManualAction", action: "lockdown", by: "guard" })
      .manual("gate", "lock")
      .swipe("gate-a", 1001)
      .expect({ type: "AccessDenied", reason: "Lockdown" })
      .manual("gate", "unlock")
      .expect({ door: "gate", slot: "unlock", mode: "Unlocked" })
      .run();

    const failing = scenario(twoDoorSite)
      .at("08:00")
      .swipe("gate-a", 2002)
      .expect({ type: "AccessGranted", cardholderIds: ["alice"] });
    expect(() => failing.run()).toThrow(/step 3, expect\(.*no such event.*AccessGranted.*bob/s);
    expect(() => scenario(twoDoorSite).at("08:00").at("07:00").run()).toThrow(
      /step 2, at\("07:00"\).*before now/,
    );
  });
});
