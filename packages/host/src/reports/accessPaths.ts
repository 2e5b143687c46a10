/**
 * The join behind the configuration reports: each access rule expanded to who it names — directly
 * or through a group — times where it applies — a door it names, or a door of a zone it names (a
 * zone covers its doors, DESIGN §3).
 */
import type { AccessRule, Cardholder, Door, Group, Policy, Zone } from "@portcullis/engine";
import type { SiteRecord } from "./SiteNames";

/** Who a rule names: a cardholder, with the group they came through; a group without members alone. */
export interface RuleMember {
  readonly cardholder?: Cardholder;
  readonly group?: Group;
}

/** Where a rule applies: a door, with the zone it came through; a zone without doors alone. */
export interface RulePlace {
  readonly door?: Door;
  readonly zone?: Zone;
}

/** One row of the join: a rule, one of its members and one of its places (either may be empty). */
export interface AccessPath extends RuleMember, RulePlace {
  readonly rule: AccessRule;
}

/** A site's entities by id. */
export interface SiteIndex {
  readonly cardholders: ReadonlyMap<string, Cardholder>;
  readonly groups: ReadonlyMap<string, Group>;
  readonly doors: ReadonlyMap<string, Door>;
  readonly zones: ReadonlyMap<string, Zone>;
}

/** Indexes a site by id. */
export const indexSite = ({ site, policy }: SiteRecord): SiteIndex => ({
  cardholders: new Map(policy.cardholders.map((c) => [c.id, c])),
  groups: new Map(policy.groups.map((g) => [g.id, g])),
  doors: new Map(site.doors.map((d) => [d.id, d])),
  zones: new Map(policy.zones.map((z) => [z.id, z])),
});

const lookup = <A>(ids: ReadonlyArray<string>, by: ReadonlyMap<string, A>): A[] =>
  ids.flatMap((id) => {
    const a = by.get(id);
    return a === undefined ? [] : [a];
  });

const ruleMembers = (rule: AccessRule, index: SiteIndex): RuleMember[] => [
  ...lookup(rule.cardholders, index.cardholders).map((cardholder) => ({ cardholder })),
  ...lookup(rule.groups, index.groups).flatMap((group) => {
    const members = lookup(group.members, index.cardholders);
    return members.length > 0 ? members.map((cardholder) => ({ cardholder, group })) : [{ group }];
  }),
];

const rulePlaces = (rule: AccessRule, index: SiteIndex): RulePlace[] => [
  ...lookup(rule.doors, index.doors).map((door) => ({ door })),
  ...lookup(rule.zones, index.zones).flatMap((zone) => {
    const doors = lookup(
      zone.doors.map((zd) => zd.doorId),
      index.doors,
    );
    return doors.length > 0 ? doors.map((door) => ({ door, zone })) : [{ zone }];
  }),
];

/** Every row of every rule, rules in policy order; a rule without members or places still has rows. */
export const accessPaths = (policy: Pick<Policy, "rules">, index: SiteIndex): AccessPath[] =>
  policy.rules.flatMap((rule) => {
    const members = ruleMembers(rule, index);
    const places = rulePlaces(rule, index);
    return (members.length > 0 ? members : [{}]).flatMap((m) =>
      (places.length > 0 ? places : [{}]).map((p) => ({ rule, ...m, ...p })),
    );
  });
