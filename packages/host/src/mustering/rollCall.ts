/**
 * Roll call (seed "Create cardholder activity reports"): per zone, who is present — entered and not
 * left — and who is not, among the cardholders of the chosen groups; now from the zones' live
 * presence, or at a past time rebuilt from the journal's `AccessTaken` and forgive events.
 */
import { Either } from "effect";
import type { Policy } from "@portcullis/engine";
import type { EventHistory } from "../history/EventHistory";
import { fullName } from "../reports/SiteNames";
import { MusterError } from "./MusterError";

/** Who is in each zone since when: zone → cardholder → entered at. */
export type ZonePresence = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** A cardholder on a roll call or muster list. */
export interface ListedPerson {
  readonly cardholderId: string;
  readonly name: string;
  /** Present: when they entered. */
  readonly since?: number;
}

/** One zone's roll call. */
export interface ZoneRollCall {
  readonly zoneId: string;
  readonly name: string;
  readonly present: ReadonlyArray<ListedPerson>;
  readonly notPresent: ReadonlyArray<ListedPerson>;
}

/** A roll call at `at`; `complete` is false when the journal no longer reaches back to its start. */
export interface RollCall {
  readonly at: number;
  readonly complete: boolean;
  readonly zones: ReadonlyArray<ZoneRollCall>;
}

/** What a roll call covers: zones (all when absent) and groups (everybody when absent). */
export interface RollCallScope {
  readonly zoneIds?: ReadonlyArray<string>;
  readonly groupIds?: ReadonlyArray<string>;
  /**
   * Only who is present: `notPresent` is left empty. A console showing zones asks this way, since
   * every zone's not-present list of 100 000 cardholders is a reply of hundreds of megabytes.
   */
  readonly presentOnly?: boolean;
}

/** The cardholders a scope's groups take in (all when none are given), or the unknown group. */
export const scopedCardholders = (
  policy: Pick<Policy, "cardholders" | "groups">,
  groupIds: ReadonlyArray<string> | undefined,
): Either.Either<ReadonlySet<string> | undefined, MusterError> => {
  if (groupIds === undefined) return Either.right(undefined);
  const groups = new Map(policy.groups.map((g) => [g.id, g]));
  const ids = new Set<string>();
  for (const id of groupIds) {
    const group = groups.get(id);
    if (group === undefined)
      return Either.left(new MusterError({ code: "UnknownGroup", message: `unknown group "${id}"` }));
    for (const m of group.members) ids.add(m);
  }
  return Either.right(ids);
};

/** The zones a scope names, checked against the policy (all zones when none are named). */
export const scopedZones = (
  policy: Pick<Policy, "zones">,
  zoneIds: ReadonlyArray<string> | undefined,
): Either.Either<ReadonlyArray<{ readonly id: string; readonly name: string }>, MusterError> => {
  if (zoneIds === undefined) return Either.right(policy.zones);
  const zones = new Map(policy.zones.map((z) => [z.id, z]));
  const picked = [];
  for (const id of zoneIds) {
    const zone = zones.get(id);
    if (zone === undefined)
      return Either.left(new MusterError({ code: "UnknownZone", message: `unknown zone "${id}"` }));
    picked.push(zone);
  }
  return Either.right(picked);
};

/** Builds the roll call of `scope` from the presence at `at`. */
export const rollCall = (
  policy: Pick<Policy, "cardholders" | "groups" | "zones">,
  scope: RollCallScope,
  presence: ZonePresence,
  at: number,
  complete: boolean,
): Either.Either<RollCall, MusterError> =>
  Either.gen(function* () {
    const zones = yield* scopedZones(policy, scope.zoneIds);
    const people = yield* scopedCardholders(policy, scope.groupIds);
    const names = new Map(policy.cardholders.map((c) => [c.id, fullName(c)]));
    const listed = policy.cardholders.filter((c) => people === undefined || people.has(c.id));
    return {
      at,
      complete,
      zones: zones.map((zone) => {
        const inZone = presence.get(zone.id) ?? new Map<string, number>();
        const present = [...inZone]
          .filter(([id]) => people === undefined || people.has(id))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([cardholderId, since]) => ({
            cardholderId,
            name: names.get(cardholderId) ?? cardholderId,
            since,
          }));
        const notPresent = scope.presentOnly
          ? []
          : listed
              .filter((c) => !inZone.has(c.id))
              .map((c) => ({ cardholderId: c.id, name: names.get(c.id) ?? c.id }));
        return { zoneId: zone.id, name: zone.name, present, notPresent };
      }),
    };
  });

/**
 * Presence at `at`, replayed from the journal's start: an `AccessTaken` moves its cardholders out
 * of `fromZone` and into `toZone` (a repeat entry keeps the first time, as the zone actor does), a
 * forgive clears what it covers. `complete` is false when older events were pruned.
 */
export const presenceAt = async (
  history: EventHistory,
  oldest: number | undefined,
  at: number,
): Promise<{ readonly presence: ZonePresence; readonly complete: boolean }> => {
  const zones = new Map<string, Map<string, number>>();
  const zone = (id: string) => {
    let z = zones.get(id);
    if (z === undefined) zones.set(id, (z = new Map()));
    return z;
  };
  for await (const e of history.all({
    types: ["AccessTaken", "AntiPassbackForgiven"],
    to: at + 1,
    order: "asc",
    limit: 1_000,
  })) {
    const from = e["fromZone"];
    const to = e["toZone"];
    const cardholderId = e["cardholderId"];
    const zoneId = e["zoneId"];
    if (e.type === "AccessTaken")
      for (const id of e["cardholderIds"] as ReadonlyArray<string>) {
        if (typeof from === "string") zones.get(from)?.delete(id);
        if (typeof to === "string" && !zone(to).has(id)) zone(to).set(id, e.at);
      }
    else
      for (const [zid, people] of zones)
        if (zoneId === undefined || zoneId === zid)
          if (typeof cardholderId === "string") people.delete(cardholderId);
          else people.clear();
  }
  return { presence: zones, complete: oldest === undefined || oldest <= 1 };
};
