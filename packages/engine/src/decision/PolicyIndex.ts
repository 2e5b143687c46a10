/** The policy indexed for the swipe path: every map a decision needs, so its cost follows what touches it. */
import type { Side } from "../events";
import { missingParts, type AccessRule } from "../model/AccessRule";
import type { Cardholder } from "../model/Cardholder";
import type { CardCredential, Credential, PinCredential, PlateCredential } from "../model/Credential";
import type { Group } from "../model/Group";
import {
  DEFAULT_PROFILE_ID,
  profileIdsOf,
  type Factor,
  type IdentificationProfile,
  type ProfileEntry,
} from "../model/IdentificationProfile";
import type { Policy } from "../model/Policy";
import { pinLengthsOf, type PinLengthRange } from "../model/Pin";
import { alwaysSchedule, unionSchedules, type CompiledSchedule } from "../model/Schedule";
import type { SiteConfig } from "../model/Site";
import { entrySide } from "../model/Zone";
import type { PinHasher } from "./PinHasher";

/** Factor bits: a request and a profile entry match when their masks are equal. */
export const FACTOR_BIT: Readonly<Record<Exclude<Factor, "rex">, number>> = { card: 1, pin: 2, plate: 4 };

/** A profile entry that accepts credentials, compiled. */
export interface CompiledEntry {
  readonly mask: number;
  readonly schedule: CompiledSchedule;
}

/** A zone's anti-passback, timeout in ms (0 = until the cardholder leaves). */
export interface IndexedAntiPassback {
  readonly hard: boolean;
  readonly timeoutMs: number;
}

/** A zone as the decision sees it. */
export interface IndexedZone {
  readonly id: string;
  readonly antiPassback: IndexedAntiPassback | undefined;
}

/** Where presence moves when a cardholder passes an access point (`AccessTaken{fromZone, toZone}`). */
export interface PresenceMove {
  readonly fromZone?: string;
  readonly toZone?: string;
}

/** One side of a door: its profile, zones and security level. */
export interface AccessPoint {
  readonly doorId: string;
  readonly side: Side;
  /** Credential entries of the side's profile (entries with only `rex` are left out). */
  readonly entries: ReadonlyArray<CompiledEntry>;
  /** When REX works on this side: undefined without a `rex` entry (REX always works). */
  readonly rexSchedule: CompiledSchedule | undefined;
  readonly includeFacilityCode: boolean;
  /** The zone this side enters (anti-passback is checked on it). */
  readonly toZone: IndexedZone | undefined;
  /** The zones whose rules cover this access point: the zone entered, an internal door's zone, or the zone left to the outside. */
  readonly ruleZones: ReadonlyArray<string>;
  readonly move: PresenceMove;
  readonly twoPerson: { readonly schedule: CompiledSchedule; readonly timeoutMs: number } | undefined;
  readonly doubleSwipe: boolean;
}

/** A complete rule, compiled: its schedules united. */
export interface IndexedRule {
  readonly id: string;
  readonly cardholders: ReadonlyArray<string>;
  readonly groups: ReadonlyArray<string>;
  readonly doors: ReadonlySet<string>;
  readonly zones: ReadonlySet<string>;
  readonly schedule: CompiledSchedule;
}

/**
 * The indexed policy. It is owned by one site: `decide` only reads it, the `put…`/`remove…`
 * functions below mutate it in place between decisions (no copy of 100 000 cardholders per change).
 */
export interface PolicyIndex {
  readonly timeZone: string;
  readonly hasher: PinHasher;
  readonly facilityCodes: boolean;
  /** PIN lengths the site's keypads accept, for new PIN credentials. */
  readonly pinLengths: ReadonlyArray<PinLengthRange>;
  readonly cardholders: Map<string, Cardholder>;
  readonly credentials: Map<string, Credential>;
  /** Credential ids per cardholder, to remove a cardholder's credentials with it. */
  readonly credentialsOf: Map<string, string[]>;
  /** Cards by number; several only when facility codes tell them apart. */
  readonly cards: Map<bigint, CardCredential[]>;
  readonly pins: Map<string, PinCredential>;
  readonly duress: Map<string, PinCredential>;
  readonly plates: Map<string, PlateCredential>;
  readonly groups: Map<string, Group>;
  readonly groupsOf: Map<string, string[]>;
  readonly rules: Map<string, IndexedRule>;
  readonly rulesOfCardholder: Map<string, IndexedRule[]>;
  readonly rulesOfGroup: Map<string, IndexedRule[]>;
  readonly zones: ReadonlyMap<string, IndexedZone>;
  readonly accessPoints: ReadonlyMap<string, { readonly A: AccessPoint; readonly B: AccessPoint }>;
  readonly schedules: ReadonlyMap<string, CompiledSchedule>;
}

const scheduleOf = (ids: ReadonlyArray<string>, schedules: ReadonlyMap<string, CompiledSchedule>) =>
  ids.length === 0 ? alwaysSchedule : unionSchedules(ids.flatMap((id) => schedules.get(id) ?? []));

const compileEntries = (
  entries: ReadonlyArray<ProfileEntry>,
  schedules: ReadonlyMap<string, CompiledSchedule>,
) => {
  const credential: CompiledEntry[] = [];
  const rex: ProfileEntry[] = [];
  for (const e of entries) {
    const mask = e.factors.reduce((m, f) => (f === "rex" ? m : m | FACTOR_BIT[f]), 0);
    if (mask !== 0) credential.push({ mask, schedule: scheduleOf(e.schedules, schedules) });
    if (e.factors.includes("rex")) rex.push(e);
  }
  const rexSchedule =
    rex.length === 0 ? undefined : unionSchedules(rex.map((e) => scheduleOf(e.schedules, schedules)));
  return { credential, rexSchedule };
};

interface ZoneSides {
  toZone?: string;
  fromZone?: string;
  internal?: string;
}

const zoneSidesOf = (policy: Policy): Map<string, { A: ZoneSides; B: ZoneSides }> => {
  const sides = new Map<string, { A: ZoneSides; B: ZoneSides }>();
  for (const zone of policy.zones)
    for (const zd of zone.doors) {
      const door = sides.get(zd.doorId) ?? { A: {}, B: {} };
      sides.set(zd.doorId, door);
      if (zd.role === "internal") {
        door.A.internal = zone.id;
        door.B.internal = zone.id;
      } else {
        const enter = entrySide(zd);
        door[enter].toZone = zone.id;
        door[enter === "A" ? "B" : "A"].fromZone = zone.id;
      }
    }
  return sides;
};

const buildAccessPoints = (
  policy: Policy,
  site: SiteConfig,
  zones: ReadonlyMap<string, IndexedZone>,
  schedules: ReadonlyMap<string, CompiledSchedule>,
) => {
  const profiles = new Map<string, IdentificationProfile>(policy.profiles.map((p) => [p.id, p]));
  const doorPolicies = new Map(policy.doorPolicies.map((d) => [d.doorId, d]));
  const zoneSides = zoneSidesOf(policy);
  const points = new Map<string, { A: AccessPoint; B: AccessPoint }>();
  for (const door of site.doors) {
    if (door.type === "monitoring") continue;
    const dp = doorPolicies.get(door.id);
    const ids = dp === undefined ? [DEFAULT_PROFILE_ID, DEFAULT_PROFILE_ID] : profileIdsOf(dp);
    const point = (side: Side, profileId: string): AccessPoint => {
      const profile = profiles.get(profileId);
      const { credential, rexSchedule } = compileEntries(profile?.sides[side] ?? [], schedules);
      const z = zoneSides.get(door.id)?.[side] ?? {};
      const ruleZone = z.internal ?? z.toZone ?? z.fromZone;
      const tp = dp?.twoPerson;
      return {
        doorId: door.id,
        side,
        entries: credential,
        rexSchedule,
        includeFacilityCode: profile?.includeFacilityCode ?? false,
        toZone: z.toZone === undefined ? undefined : zones.get(z.toZone),
        ruleZones: ruleZone === undefined ? [] : [ruleZone],
        // Internal doors neither check nor move presence (DESIGN §5 step 9).
        move: {
          ...(z.fromZone === undefined ? {} : { fromZone: z.fromZone }),
          ...(z.toZone === undefined ? {} : { toZone: z.toZone }),
        },
        twoPerson:
          tp !== undefined && tp.sides.includes(side)
            ? { schedule: scheduleOf(tp.schedules, schedules), timeoutMs: tp.timeoutS * 1000 }
            : undefined,
        doubleSwipe: dp?.doubleSwipe !== undefined,
      };
    };
    points.set(door.id, { A: point("A", ids[0]), B: point("B", ids[1]) });
  }
  return points;
};

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

const drop = <K, V>(map: Map<K, V[]>, key: K, keep: (v: V) => boolean): void => {
  const list = map.get(key)?.filter(keep);
  if (list === undefined) return;
  if (list.length === 0) map.delete(key);
  else map.set(key, list);
};

/** Adds or replaces a cardholder. */
export const putCardholder = (index: PolicyIndex, cardholder: Cardholder): void => {
  index.cardholders.set(cardholder.id, cardholder);
};

/** Removes a credential by id. */
export const removeCredential = (index: PolicyIndex, credentialId: string): void => {
  const c = index.credentials.get(credentialId);
  if (c === undefined) return;
  index.credentials.delete(credentialId);
  drop(index.credentialsOf, c.cardholderId, (id) => id !== credentialId);
  switch (c.kind) {
    case "card":
      return drop(index.cards, c.number, (other) => other.id !== c.id);
    case "pin":
      index.pins.delete(c.pinTag);
      if (c.duressTag !== undefined) index.duress.delete(c.duressTag);
      return;
    case "plate":
      index.plates.delete(c.plate);
      return;
    case "mobile":
      return;
  }
};

// Adds to a fresh index, where there is nothing to replace.
const addCredential = (index: PolicyIndex, credential: Credential): void => {
  index.credentials.set(credential.id, credential);
  push(index.credentialsOf, credential.cardholderId, credential.id);
  switch (credential.kind) {
    case "card":
      return push(index.cards, credential.number, credential);
    case "pin":
      index.pins.set(credential.pinTag, credential);
      if (credential.duressTag !== undefined) index.duress.set(credential.duressTag, credential);
      return;
    case "plate":
      index.plates.set(credential.plate, credential);
      return;
    case "mobile":
      return;
  }
};

/** Adds or replaces a credential (already validated and tagged). */
export const putCredential = (index: PolicyIndex, credential: Credential): void => {
  removeCredential(index, credential.id);
  addCredential(index, credential);
};

/** Removes a group and its memberships. */
export const removeGroup = (index: PolicyIndex, groupId: string): void => {
  const g = index.groups.get(groupId);
  if (g === undefined) return;
  index.groups.delete(groupId);
  for (const m of g.members) drop(index.groupsOf, m, (id) => id !== groupId);
};

const addGroup = (index: PolicyIndex, group: Group): void => {
  index.groups.set(group.id, group);
  // A member listed twice must not be indexed twice.
  for (const m of new Set(group.members)) push(index.groupsOf, m, group.id);
};

/** Adds or replaces a group; rules naming it keep applying. */
export const putGroup = (index: PolicyIndex, group: Group): void => {
  removeGroup(index, group.id);
  addGroup(index, group);
};

/** Removes a cardholder with its credentials and memberships (groups keep listing the id until updated). */
export const removeCardholder = (index: PolicyIndex, cardholderId: string): void => {
  for (const id of index.credentialsOf.get(cardholderId) ?? []) removeCredential(index, id);
  index.credentialsOf.delete(cardholderId);
  index.cardholders.delete(cardholderId);
  index.groupsOf.delete(cardholderId);
};

/** Removes a rule. */
export const removeRule = (index: PolicyIndex, ruleId: string): void => {
  const rule = index.rules.get(ruleId);
  if (rule === undefined) return;
  index.rules.delete(ruleId);
  for (const c of rule.cardholders) drop(index.rulesOfCardholder, c, (r) => r !== rule);
  for (const g of rule.groups) drop(index.rulesOfGroup, g, (r) => r !== rule);
};

/** Adds or replaces a rule; an incomplete rule is only removed, since it never grants. */
export const putRule = (index: PolicyIndex, rule: AccessRule): void => {
  removeRule(index, rule.id);
  if (missingParts(rule).length > 0) return;
  const indexed: IndexedRule = {
    id: rule.id,
    cardholders: [...new Set(rule.cardholders)],
    groups: [...new Set(rule.groups)],
    doors: new Set(rule.doors),
    zones: new Set(rule.zones),
    schedule: scheduleOf(rule.schedules, index.schedules),
  };
  index.rules.set(rule.id, indexed);
  for (const c of indexed.cardholders) push(index.rulesOfCardholder, c, indexed);
  for (const g of indexed.groups) push(index.rulesOfGroup, g, indexed);
};

/**
 * Builds the index of a validated policy for its site. `schedules` are the site's compiled schedules
 * by id; `hasher` tags the PINs presented at readers.
 */
export const buildPolicyIndex = (
  policy: Policy,
  site: SiteConfig,
  schedules: ReadonlyMap<string, CompiledSchedule>,
  hasher: PinHasher,
): PolicyIndex => {
  const zones = new Map<string, IndexedZone>(
    policy.zones.map((z) => [
      z.id,
      {
        id: z.id,
        antiPassback:
          z.antiPassback === undefined
            ? undefined
            : { hard: z.antiPassback.mode === "hard", timeoutMs: z.antiPassback.timeoutS * 1000 },
      },
    ]),
  );
  const index: PolicyIndex = {
    timeZone: site.timeZone,
    hasher,
    facilityCodes: policy.facilityCodes,
    pinLengths: pinLengthsOf(policy.pin, site),
    cardholders: new Map(policy.cardholders.map((c) => [c.id, c])),
    credentials: new Map(),
    credentialsOf: new Map(),
    cards: new Map(),
    pins: new Map(),
    duress: new Map(),
    plates: new Map(),
    groups: new Map(),
    groupsOf: new Map(),
    rules: new Map(),
    rulesOfCardholder: new Map(),
    rulesOfGroup: new Map(),
    zones,
    accessPoints: buildAccessPoints(policy, site, zones, schedules),
    schedules,
  };
  for (const c of policy.credentials) addCredential(index, c);
  for (const g of policy.groups) addGroup(index, g);
  for (const r of policy.rules) putRule(index, r);
  return index;
};
