/** A two-person grant through the site: a grant for both cardholders, their credentials and their access times. */
import { describe, expect, it } from "vitest";
import { simulateSite, type SimulatedSite } from "@portcullis/testkit";
import type { EngineEvent } from "@portcullis/engine";
import { basePolicy, MONDAY_10, siteInput } from "../decision/fixtures";

/** The gate needs two people on side A within 30 s; access 7 s, long access 20 s (the defaults). */
const start = (longAccess: ReadonlyArray<string> = []) => {
  const s = simulateSite(
    {
      ...siteInput(),
      policy: basePolicy({
        cardholders: ["alice", "bob"].map((id) => ({
          id,
          firstName: id,
          lastName: "X",
          longAccess: longAccess.includes(id),
        })),
        doorPolicies: [{ doorId: "gate", profileId: "card", twoPerson: { sides: ["A"], timeoutS: 30 } }],
      }),
    },
    MONDAY_10,
  );
  s.push({ type: "door", doorId: "gate", open: false });
  return s;
};

const of = <T extends EngineEvent["type"]>(s: SimulatedSite, type: T) =>
  s.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

/** Alice first, bob 5 s later: the grant for both. */
const bothSwipe = (s: SimulatedSite) => {
  s.push({ type: "card", readerId: "gate-a", number: 1001n });
  s.advance(5_000);
  s.push({ type: "card", readerId: "gate-a", number: 2002n });
  return s.clock.now();
};

const locked = (s: SimulatedSite) => s.relays.get("c4:r1") ?? true;

describe("a two-person grant", () => {
  it("records a use of each credential: uses, first use, last use", () => {
    const s = start();
    const t = bothSwipe(s);
    expect(s.site.access.usage("alice-card")).toEqual({ uses: 1, firstUse: t, lastUse: t });
    expect(s.site.access.usage("bob-card")).toEqual({ uses: 1, firstUse: t, lastUse: t });
    s.advance(60_000);
    const t2 = bothSwipe(s);
    expect(s.site.access.usage("alice-card")).toEqual({ uses: 2, firstUse: t, lastUse: t2 });
    expect(s.site.access.facts().usage?.get("bob-card")).toEqual({ uses: 2, firstUse: t, lastUse: t2 });
  });

  it("names both cardholders and both credentials in AccessGranted", () => {
    const s = start();
    bothSwipe(s);
    expect(of(s, "AccessGranted")).toMatchObject([
      {
        doorId: "gate",
        side: "A",
        readerId: "gate-a",
        cardholderIds: ["alice", "bob"],
        credentialId: "bob-card",
        credentialIds: ["alice-card", "bob-card"],
      },
    ]);
  });

  it("a one-person grant keeps the event as it was", () => {
    const s = start();
    s.push({ type: "card", readerId: "gate-b", number: 1001n });
    expect(of(s, "AccessGranted")[0]).not.toHaveProperty("credentialIds");
  });

  for (const longOne of ["alice", "bob"]) {
    it(`is a long cycle when ${longOne} has long access`, () => {
      const s = start([longOne]);
      bothSwipe(s);
      expect(locked(s)).toBe(false);
      s.advance(19_999);
      expect(locked(s)).toBe(false);
      s.advance(1);
      expect(locked(s)).toBe(true);
      expect(of(s, "AccessNotTaken")).toMatchObject([{ cardholderIds: ["alice", "bob"] }]);
    });
  }

  it("is an ordinary cycle when neither has long access", () => {
    const s = start();
    bothSwipe(s);
    s.advance(7_000);
    expect(locked(s)).toBe(true);
  });
});
