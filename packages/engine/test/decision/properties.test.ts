/** Properties of the decision over generated policies and swipe sequences. */
import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import {
  credentialValidity,
  decide,
  nextPresence,
  presenceMove,
  type AccessRequest,
  type PolicyIndex,
  type Side,
} from "@portcullis/engine";
import {
  basePolicy,
  indexOf,
  local,
  MemoryState,
  MONDAY_10,
  policyOf,
  schedulesOf,
  seedZones,
  site,
  TZ,
} from "./fixtures";

const S = 1000;
const DOORS = ["green", "blue", "brown", "gate"] as const;
const side = fc.constantFrom<Side>("A", "B");

/** Moves presence as the zone actor does on AccessTaken. */
const take = (
  index: PolicyIndex,
  state: MemoryState,
  doorId: string,
  s: Side,
  cardholderId: string,
  at: number,
) => {
  const move = presenceMove(index, doorId, s);
  for (const zoneId of index.zones.keys()) {
    const key = `${zoneId}/${cardholderId}`;
    const next = nextPresence(index, zoneId, state.presences.get(key), move, at);
    if (next === undefined) state.presences.delete(key);
    else state.presences.set(key, next);
  }
};

describe("decision properties", () => {
  it("hard anti-passback never admits a cardholder twice into a zone without an exit or an elapsed timeout", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 30, 300),
        fc.array(
          fc.record({
            who: fc.constantFrom(1001n, 2002n),
            door: fc.constantFrom("blue", "brown", "green"),
            side,
            gapS: fc.integer({ min: 0, max: 120 }),
          }),
          { maxLength: 40 },
        ),
        (timeoutS, swipes) => {
          const index = indexOf(basePolicy({ zones: seedZones({ mode: "hard", timeoutS }) }));
          const state = new MemoryState();
          // The reference: when each cardholder last entered each zone and has not left since.
          const inside = new Map<string, number>();
          let at = MONDAY_10;
          for (const s of swipes) {
            at += s.gapS * S;
            const d = decide(
              { doorId: s.door, side: s.side, factors: { card: { number: s.who } } },
              index,
              state,
              at,
            );
            if (d.outcome.type !== "granted") continue;
            const who = d.outcome.cardholderId;
            const move = presenceMove(index, s.door, s.side);
            if (move.toZone !== undefined) {
              const since = inside.get(`${move.toZone}/${who}`);
              const blocked = since !== undefined && (timeoutS === 0 || at < since + timeoutS * S);
              expect(blocked).toBe(false);
              inside.set(`${move.toZone}/${who}`, at);
            }
            if (move.fromZone !== undefined) inside.delete(`${move.fromZone}/${who}`);
            take(index, state, s.door, s.side, who, at);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a suspended cardholder or an expired or not yet valid card is never granted", () => {
    const base = local(2026, 3, 2, 9);
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: -48, max: 48 }),
        fc.integer({ min: 1, max: 96 }),
        fc.integer({ min: -100, max: 100 }),
        (suspended, fromH, lengthH, atH) => {
          const validFrom = base + fromH * 3_600_000;
          const validTo = validFrom + lengthH * 3_600_000;
          const index = indexOf(
            basePolicy({
              cardholders: [{ id: "alice", firstName: "A", lastName: "A", suspended }],
              groups: [],
              rules: [
                {
                  id: "r",
                  name: "r",
                  cardholders: ["alice"],
                  doors: ["gate"],
                  schedules: ["office", "weekend"],
                },
              ],
              credentials: [
                {
                  id: "c",
                  cardholderId: "alice",
                  name: "c",
                  kind: "card",
                  number: "1",
                  validity: {
                    validFrom: new Date(validFrom).toISOString(),
                    validTo: { kind: "date", at: new Date(validTo).toISOString() },
                  },
                },
              ],
            }),
          );
          const at = base + atH * 3_600_000;
          const d = decide(
            { doorId: "gate", side: "A", factors: { card: { number: 1n } } },
            index,
            new MemoryState(),
            at,
          );
          const valid = credentialValidity(
            { validFrom, validTo: { kind: "date", at: validTo } },
            { uses: 0 },
            at,
            TZ,
          );
          if (suspended || valid !== "active") expect(d.outcome.type).not.toBe("granted");
        },
      ),
      { numRuns: 150 },
    );
  });

  const zones = seedZones();
  /** An independent reading of DESIGN §3: a zone covers its entries, its internal doors and its exits to the outside. */
  const zoneCovers = (zoneId: string, doorId: string, s: Side): boolean => {
    const entering = (z: (typeof zones)[number]) =>
      z.doors.some(
        (d) => d.doorId === doorId && d.role === "perimeter" && ("leave" in d && d.leave ? "B" : "A") === s,
      );
    const zone = zones.find((z) => z.id === zoneId)!;
    const member = zone.doors.find((d) => d.doorId === doorId);
    if (member === undefined) return false;
    if (member.role === "internal" || entering(zone)) return true;
    return !zones.some((z) => z !== zone && entering(z));
  };

  it("every grant has a complete rule with an active schedule behind it", () => {
    const schedules = schedulesOf(site);
    const ids = fc.constantFrom("alice", "bob");
    const rule = fc.record({
      cardholders: fc.uniqueArray(ids, { maxLength: 2 }),
      groups: fc.uniqueArray(fc.constant("staff"), { maxLength: 1 }),
      doors: fc.uniqueArray(fc.constantFrom(...DOORS), { maxLength: 2 }),
      zones: fc.uniqueArray(fc.constantFrom("greenZone", "blueZone"), { maxLength: 2 }),
      schedules: fc.uniqueArray(fc.constantFrom("office", "weekend"), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 4 }),
        fc.uniqueArray(ids, { maxLength: 2 }),
        fc.constantFrom(...DOORS),
        side,
        fc.constantFrom(1001n, 2002n),
        fc.integer({ min: 0, max: 7 * 24 }),
        (rules, members, doorId, s, number, hour) => {
          const input = basePolicy({
            zones,
            groups: [{ id: "staff", name: "Staff", members }],
            rules: rules.map((r, i) => ({ id: `r${i}`, name: "r", ...r })),
          });
          const policy = policyOf(input);
          const index = indexOf(input);
          const at = MONDAY_10 + hour * 3_600_000;
          const d = decide({ doorId, side: s, factors: { card: { number } } }, index, new MemoryState(), at);
          if (d.outcome.type !== "granted") return;
          const who = d.outcome.cardholderId;
          const behind = policy.rules.some(
            (r) =>
              (r.cardholders.includes(who) || (r.groups.includes("staff") && members.includes(who))) &&
              (r.doors.includes(doorId) || r.zones.some((z) => zoneCovers(z, doorId, s))) &&
              r.schedules.some((id) => schedules.get(id)?.isActive(at)),
          );
          expect(behind).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("decisions are deterministic", () => {
    const input = basePolicy({
      zones: seedZones({ mode: "soft", timeoutS: 30 }),
      doorPolicies: [{ doorId: "gate", profileId: "card-or-pin" }],
    });
    const a = indexOf(input);
    const b = indexOf(input);
    const request: fc.Arbitrary<AccessRequest> = fc.record({
      doorId: fc.constantFrom(...DOORS, "nowhere"),
      side,
      factors: fc.oneof(
        fc.record({ card: fc.record({ number: fc.constantFrom(1001n, 2002n, 7n) }) }),
        fc.record({ pin: fc.constantFrom("432198", "999999", "555123", "1") }),
      ),
    });
    fc.assert(
      fc.property(request, fc.integer({ min: 0, max: 14 * 24 * 60 }), fc.boolean(), (r, minute, present) => {
        const state = new MemoryState();
        if (present) state.presences.set("blueZone/alice", { enteredAt: MONDAY_10 });
        const at = MONDAY_10 + minute * 60_000;
        expect(decide(r, a, state, at)).toEqual(decide(r, b, state, at));
        expect(decide(r, a, state, at)).toEqual(decide(r, a, state, at));
      }),
      { numRuns: 300 },
    );
  });
});
