/** The swipe path through the actors: reader → decision → door → zones, with feedback and events. */
import { describe, expect, it } from "vitest";
import { simulateSite, type SimulatedSite } from "@portcullis/testkit";
import type { EngineEvent } from "@portcullis/engine";
import { basePolicy, MONDAY_10, seedZones, siteInput } from "../decision/fixtures";

const start = (
  policy: Record<string, unknown> = {},
  doorExtras: Record<string, Record<string, unknown>> = {},
) => {
  const s = simulateSite({ ...siteInput(doorExtras), policy: basePolicy(policy) }, MONDAY_10);
  for (const d of ["green", "blue", "brown", "gate"]) s.push({ type: "door", doorId: d, open: false });
  return s;
};

const of = <T extends EngineEvent["type"]>(s: SimulatedSite, type: T) =>
  s.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

const swipe = (s: SimulatedSite, readerId: string, number: bigint) =>
  s.push({ type: "card", readerId, number });

describe("card", () => {
  it("a valid card unlocks the door, with AccessGranted, green feedback and the use recorded", () => {
    const s = start();
    swipe(s, "gate-a", 1001n);
    expect(of(s, "AccessGranted")).toMatchObject([
      { doorId: "gate", side: "A", readerId: "gate-a", cardholderIds: ["alice"], credentialId: "alice-card" },
    ]);
    expect(s.relays.get("c4:r1")).toBe(false);
    expect(s.feedback.at(-1)).toMatchObject({ readerId: "gate-a", intent: "grant" });
    expect(s.site.access.usage("alice-card")).toEqual({ uses: 1, firstUse: MONDAY_10, lastUse: MONDAY_10 });
  });

  it("an unknown card is denied with red feedback and the door stays locked", () => {
    const s = start();
    swipe(s, "gate-a", 77n);
    expect(of(s, "AccessDenied")).toMatchObject([{ reason: "CredentialNotFound", readerId: "gate-a" }]);
    expect(s.relays.get("c4:r1") ?? true).toBe(true);
    expect(s.feedback.at(-1)?.intent).toBe("deny");
  });

  it("raw bits go through the site's card formats, and the reader keeps the last read for enrolment", () => {
    const s = start();
    // H10301, facility 1, card 1001: even parity over bits 1–12, odd over 13–24.
    const body = (1n << 16n) | 1001n;
    const bits = body.toString(2).padStart(24, "0");
    const even = [...bits.slice(0, 12)].filter((b) => b === "1").length % 2;
    const odd = 1 - ([...bits.slice(12)].filter((b) => b === "1").length % 2);
    s.push({ type: "card", readerId: "gate-a", bits: `${even}${bits}${odd}` });
    expect(of(s, "AccessGranted")).toHaveLength(1);
    expect(s.site.reader("gate-a")?.lastRead).toMatchObject({
      card: { number: 1001n, facility: 1n },
      format: "H10301",
    });
    s.push({ type: "card", readerId: "gate-a", bits: "1".repeat(19) });
    expect(s.site.reader("gate-a")?.lastRead).toMatchObject({ card: undefined, bits: "1".repeat(19) });
    expect(of(s, "AccessDenied")).toMatchObject([{ reason: "CredentialNotFound" }]);
  });
});

describe("PIN", () => {
  const pinDoor = { doorPolicies: [{ doorId: "gate", profileId: "pin" }] };

  it("a PIN entered to its end character is granted", () => {
    const s = start(pinDoor);
    s.push({ type: "keys", readerId: "gate-a", keys: "432198" });
    expect(of(s, "AccessGranted")).toMatchObject([{ cardholderIds: ["alice"], credentialId: "alice-pin" }]);
  });

  it("a duress PIN grants with the silent alarm and the same feedback", () => {
    const s = start(pinDoor);
    s.push({ type: "keys", readerId: "gate-a", keys: "999999" });
    expect(of(s, "Duress")).toMatchObject([{ cardholderId: "alice", doorId: "gate" }]);
    expect(of(s, "AccessGranted")).toHaveLength(1);
    expect(s.feedback.map((f) => f.intent)).toEqual(["grant"]);
  });

  it("card and PIN: the card waits for its PIN; a late PIN is a PIN timeout", () => {
    const s = start({ doorPolicies: [{ doorId: "gate", profileId: "card-and-pin" }] });
    swipe(s, "gate-a", 1001n);
    expect(s.feedback.at(-1)?.intent).toBe("enter-pin");
    s.push({ type: "keys", readerId: "gate-a", keys: "432198" });
    expect(of(s, "AccessGranted")).toHaveLength(1);
    swipe(s, "gate-a", 1001n);
    s.advance(10_000);
    expect(of(s, "AccessDenied")).toMatchObject([{ reason: "Other", detail: "PinTimeout" }]);
  });

  it("card and PIN: another cardholder's PIN is an invalid PIN", () => {
    const s = start({ doorPolicies: [{ doorId: "gate", profileId: "card-and-pin" }] });
    swipe(s, "gate-a", 1001n);
    s.push({ type: "keys", readerId: "gate-a", keys: "555123" });
    expect(of(s, "AccessDenied")).toMatchObject([{ reason: "InvalidPIN", cardholderId: "alice" }]);
  });

  it("five wrong PINs within a minute lock the keypad for a minute", () => {
    const s = start(pinDoor);
    for (let i = 0; i < 5; i++) {
      s.push({ type: "keys", readerId: "gate-a", keys: `11111${i}` });
      s.advance(5_000);
    }
    expect(of(s, "KeypadLockout")).toMatchObject([{ readerId: "gate-a" }]);
    s.push({ type: "keys", readerId: "gate-a", keys: "432198" });
    expect(of(s, "AccessGranted")).toHaveLength(0);
    s.advance(60_000);
    s.push({ type: "keys", readerId: "gate-a", keys: "432198" });
    expect(of(s, "AccessGranted")).toHaveLength(1);
  });

  it("a PIN shorter than the maximum is taken when the next digit does not come", () => {
    const s = start({ ...pinDoor, pin: { minLength: 4, maxLength: 8, endCharacter: "#" } });
    s.push({ type: "keys", readerId: "gate-a", keys: "432198" });
    expect(of(s, "AccessGranted")).toHaveLength(0);
    s.advance(5_000);
    expect(of(s, "AccessGranted")).toHaveLength(1);
  });
});

describe("zones and anti-passback (the seed's green, blue and brown doors)", () => {
  it("AccessTaken moves presence and says from which zone to which", () => {
    const s = start({ zones: seedZones({ mode: "hard", timeoutS: 0 }) });
    swipe(s, "blue-a", 1001n);
    s.push({ type: "door", doorId: "blue", open: true });
    expect(of(s, "AccessTaken")).toMatchObject([
      { doorId: "blue", toZone: "blueZone", cardholderIds: ["alice"] },
    ]);
    expect(s.site.presenceOf("alice")).toEqual([{ zoneId: "blueZone", enteredAt: MONDAY_10 }]);
    s.push({ type: "door", doorId: "blue", open: false });
    swipe(s, "brown-a", 1001n);
    s.push({ type: "door", doorId: "brown", open: true });
    expect(of(s, "AccessTaken")[1]).toMatchObject({ fromZone: "blueZone", toZone: "greenZone" });
    expect(s.site.presenceOf("alice").map((p) => p.zoneId)).toEqual(["greenZone"]);
  });

  it("hard anti-passback denies a second entry until the cardholder leaves; an operator can forgive", () => {
    const s = start({ zones: seedZones({ mode: "hard", timeoutS: 0 }) });
    swipe(s, "blue-a", 1001n);
    s.push({ type: "door", doorId: "blue", open: true });
    s.push({ type: "door", doorId: "blue", open: false });
    s.advance(60_000);
    swipe(s, "blue-a", 1001n);
    expect(of(s, "AccessDenied")).toMatchObject([{ reason: "AntiPassbackViolation" }]);
    expect(of(s, "AntiPassbackViolation")).toMatchObject([{ zoneId: "blueZone", mode: "hard" }]);
    s.site.forgive({ cardholderId: "alice" }, "operator");
    swipe(s, "blue-a", 1001n);
    expect(of(s, "AccessGranted")).toHaveLength(2);
  });

  it("a manual action on a zone reaches every door of the zone", () => {
    const s = start({ zones: seedZones() });
    s.site.manualZone("blueZone", "lockdown", "operator");
    expect(s.site.door("blue")?.mode).toBe("LockedDown");
    expect(s.site.door("brown")?.mode).toBe("LockedDown");
    expect(s.site.door("green")?.mode).toBe("Locked");
  });
});

describe("two-person rule", () => {
  const twoPerson = {
    doorPolicies: [{ doorId: "gate", profileId: "card", twoPerson: { sides: ["A"], timeoutS: 30 } }],
  };

  it("the first cardholder waits; a second, different one lets both in with one grant", () => {
    const s = start(twoPerson);
    swipe(s, "gate-a", 1001n);
    expect(of(s, "TwoPersonPending")).toMatchObject([{ cardholderId: "alice" }]);
    expect(s.feedback.at(-1)?.intent).toBe("waiting-second-person");
    expect(s.relays.get("c4:r1") ?? true).toBe(true);
    swipe(s, "gate-a", 1001n);
    expect(of(s, "AccessGranted")).toHaveLength(0);
    s.advance(10_000);
    swipe(s, "gate-a", 2002n);
    expect(of(s, "AccessGranted")).toMatchObject([{ cardholderIds: ["alice", "bob"] }]);
    s.push({ type: "door", doorId: "gate", open: true });
    expect(of(s, "AccessTaken")).toMatchObject([{ cardholderIds: ["alice", "bob"] }]);
  });

  it("nobody second within the timeout: TwoPersonTimeout", () => {
    const s = start(twoPerson);
    swipe(s, "gate-a", 1001n);
    s.advance(30_000);
    expect(of(s, "TwoPersonTimeout")).toMatchObject([{ cardholderId: "alice", side: "A" }]);
    swipe(s, "gate-a", 2002n);
    expect(of(s, "TwoPersonPending")).toHaveLength(2);
  });
});

describe("double-swipe", () => {
  const policy = {
    cardholders: [
      { id: "alice", firstName: "Alice", lastName: "A", allowDoubleSwipe: true },
      { id: "bob", firstName: "Bob", lastName: "B" },
    ],
    doorPolicies: [{ doorId: "gate", profileId: "card", doubleSwipe: { timeoutS: 5 } }],
  };

  it("the first swipe grants; a second within the timeout toggles the override both ways", () => {
    const s = start(policy);
    swipe(s, "gate-a", 1001n);
    expect(of(s, "AccessGranted")).toHaveLength(1);
    s.advance(2_000);
    swipe(s, "gate-a", 1001n);
    expect(of(s, "DoubleSwipeToggled")).toMatchObject([{ override: true, cardholderId: "alice" }]);
    s.advance(60_000);
    expect(s.site.door("gate")?.mode).toBe("Unlocked");
    swipe(s, "gate-a", 1001n);
    s.advance(1_000);
    swipe(s, "gate-a", 1001n);
    expect(of(s, "DoubleSwipeToggled").map((e) => e.override)).toEqual([true, false]);
    expect(s.site.door("gate")?.mode).not.toBe("Unlocked");
  });

  it("a cardholder without the flag only swipes twice", () => {
    const s = start(policy);
    swipe(s, "gate-a", 2002n);
    swipe(s, "gate-a", 2002n);
    expect(of(s, "DoubleSwipeToggled")).toHaveLength(0);
    expect(of(s, "AccessGranted")).toHaveLength(2);
  });
});

describe("lockdown", () => {
  it("denies everyone but cardholders exempt from lockdown", () => {
    const s = start({
      cardholders: [
        { id: "alice", firstName: "Alice", lastName: "A", exemptFromLockdown: true },
        { id: "bob", firstName: "Bob", lastName: "B" },
      ],
    });
    s.site.manual("gate", "lockdown", "operator");
    swipe(s, "gate-a", 2002n);
    expect(of(s, "AccessDenied")).toMatchObject([{ reason: "Lockdown" }]);
    swipe(s, "gate-a", 1001n);
    expect(of(s, "AccessGranted")).toMatchObject([{ cardholderIds: ["alice"] }]);
    expect(s.relays.get("c4:r1")).toBe(false);
  });
});

describe("door status", () => {
  it("follows the seed's list: controller offline, reader offline, reader error, online", () => {
    const s = start();
    // OSDP readers are connecting, offline, until their line reports them up; coming up is journalled.
    expect(s.site.door("gate")?.status).toBe("reader-offline");
    expect(s.site.reader("gate-a")?.online).toBe(false);
    s.push({ type: "reader", readerId: "gate-a", online: true });
    expect(s.site.door("gate")?.status).toBe("reader-offline");
    s.push({ type: "reader", readerId: "gate-b", online: true });
    expect(s.site.door("gate")?.status).toBe("online");
    expect(of(s, "ReaderOnline")).toMatchObject([
      { readerId: "gate-a", doorId: "gate" },
      { readerId: "gate-b", doorId: "gate" },
    ]);
    s.push({ type: "reader", readerId: "gate-b", online: true, error: true });
    expect(s.site.door("gate")?.status).toBe("reader-error");
    s.push({ type: "reader", readerId: "gate-a", online: false });
    expect(s.site.door("gate")?.status).toBe("reader-offline");
    expect(of(s, "ReaderOffline")).toMatchObject([{ readerId: "gate-a", doorId: "gate" }]);
    s.push({ type: "controller", controllerId: "c4", online: false });
    expect(s.site.door("gate")?.status).toBe("controller-offline");
  });
});
