/** Keypad lockout: wrong PINs lock a reader's keypad; a locked keypad decides nothing but still hears duress. */
import { describe, expect, it } from "vitest";
import { simulateSite, type SimulatedSite } from "@portcullis/testkit";
import type { EngineEvent } from "@portcullis/engine";
import { basePolicy, MONDAY_10, siteInput } from "../decision/fixtures";

const pinSite = (policy: Record<string, unknown> = {}) => {
  const s = simulateSite(
    {
      ...siteInput(),
      policy: basePolicy({ doorPolicies: [{ doorId: "gate", profileId: "pin" }], ...policy }),
    },
    MONDAY_10,
  );
  s.push({ type: "door", doorId: "gate", open: false });
  return s;
};

const of = <T extends EngineEvent["type"]>(s: SimulatedSite, type: T) =>
  s.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

const keys = (s: SimulatedSite, keys: string) => s.push({ type: "keys", readerId: "gate-a", keys });

/** Five wrong PINs, 5 s apart: the default lockout. */
const lockOut = (s: SimulatedSite) => {
  for (let i = 0; i < 5; i++) {
    keys(s, `11111${i}`);
    s.advance(5_000);
  }
  expect(of(s, "KeypadLockout")).toHaveLength(1);
};

describe("keypad lockout", () => {
  it("a duress PIN typed into a locked keypad raises Duress; the feedback stays deny and nobody is let in", () => {
    const s = pinSite();
    lockOut(s);
    const feedbackBefore = s.feedback.length;
    const deniedBefore = of(s, "AccessDenied").length;
    keys(s, "999999");
    expect(of(s, "Duress")).toMatchObject([
      { doorId: "gate", side: "A", readerId: "gate-a", cardholderId: "alice", credentialId: "alice-pin" },
    ]);
    expect(of(s, "AccessGranted")).toHaveLength(0);
    expect(of(s, "AccessDenied")).toHaveLength(deniedBefore);
    expect(s.relays.get("c4:r1") ?? true).toBe(true);
    const intents = s.feedback.slice(feedbackBefore).map((f) => f.intent);
    expect(intents.length).toBeGreaterThan(0);
    expect(new Set(intents)).toEqual(new Set(["deny"]));
  });

  it("a duress PIN ended by the end character in a locked keypad raises Duress too", () => {
    const s = pinSite({ pin: { minLength: 4, maxLength: 8, endCharacter: "#" } });
    lockOut(s);
    keys(s, "999999#");
    expect(of(s, "Duress")).toMatchObject([{ cardholderId: "alice" }]);
    expect(of(s, "AccessGranted")).toHaveLength(0);
  });

  it("a valid PIN typed into a locked keypad is neither granted nor counted, even if it ends after the lockout", () => {
    const s = pinSite();
    lockOut(s);
    keys(s, "432198");
    expect(of(s, "AccessGranted")).toHaveLength(0);
    expect(of(s, "Duress")).toHaveLength(0);
    // The fifth wrong PIN came at 20 s: locked until 80 s. Started while locked, finished after: not decided.
    s.advance(79_000 - 25_000);
    keys(s, "432");
    s.advance(2_000);
    keys(s, "198");
    expect(of(s, "AccessGranted")).toHaveLength(0);
    keys(s, "432198");
    expect(of(s, "AccessGranted")).toMatchObject([{ cardholderIds: ["alice"], credentialId: "alice-pin" }]);
  });

  it("follows policy.pin.lockout: attempts within the window lock the keypad for the duration", () => {
    const s = pinSite({ pin: { lockout: { attempts: 3, windowS: 30, durationS: 10 } } });
    // Three wrong PINs 20 s apart: never three within 30 s.
    for (let i = 0; i < 3; i++) {
      keys(s, `11111${i}`);
      s.advance(20_000);
    }
    expect(of(s, "KeypadLockout")).toHaveLength(0);
    const t = s.clock.now();
    for (let i = 0; i < 3; i++) keys(s, `22222${i}`);
    expect(of(s, "KeypadLockout")).toMatchObject([{ readerId: "gate-a", at: t, until: t + 10_000 }]);
    expect(s.site.reader("gate-a")?.keypadLockedUntil).toBe(t + 10_000);
    s.advance(9_000);
    keys(s, "432198");
    expect(of(s, "AccessGranted")).toHaveLength(0);
    s.advance(1_000);
    keys(s, "432198");
    expect(of(s, "AccessGranted")).toMatchObject([{ cardholderIds: ["alice"] }]);
  });
});
