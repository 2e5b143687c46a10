/**
 * Who uses an entity: what a removal would leave naming it (refused unless `cascade`), and what goes
 * with it because it is part of it (a cardholder's credentials, a door's own policy).
 */
import type { ConfigEntity } from "./configChange";
import { profileIdsOf } from "./model/IdentificationProfile";
import type { Policy } from "./model/Policy";
import type { SiteConfig } from "./model/Site";

/** An entity by kind and id. */
export interface EntityRef {
  readonly entity: ConfigEntity;
  readonly id: string;
}

/** An entity that names another, and whether a cascade can drop that reference. */
export interface EntityUser extends EntityRef {
  /** `false`: the reference is required (a door's controller, a door policy's profile): change the user first. */
  readonly cascades: boolean;
}

/** How a message names an entity: `rule "night"`, `the door policy of door "lobby"`. */
export const describeRef = (ref: EntityRef): string =>
  ref.entity === "doorPolicy"
    ? `the door policy of door ${JSON.stringify(ref.id)}`
    : ref.entity === "actionRule"
      ? `action rule ${JSON.stringify(ref.id)}`
      : `${ref.entity} ${JSON.stringify(ref.id)}`;

const user = (entity: ConfigEntity, id: string, cascades = true): EntityUser => ({ entity, id, cascades });

/** The entities that name `entity "id"`, each once, in site-file order. */
export const usersOf = (site: SiteConfig, policy: Policy, entity: ConfigEntity, id: string): EntityUser[] => {
  const rulesBy = (pick: (r: Policy["rules"][number]) => ReadonlyArray<string>) =>
    policy.rules.filter((r) => pick(r).includes(id)).map((r) => user("rule", r.id));
  // An action rule is edited by hand, never cut down by a cascade: a safety rule that silently lost its door
  // or its siren would be worse than a refusal.
  const actionRulesBy = (pick: (r: SiteConfig["actionRules"][number]) => ReadonlyArray<string | undefined>) =>
    site.actionRules.filter((r) => pick(r).includes(id)).map((r) => user("actionRule", r.id, false));
  switch (entity) {
    case "cardholder":
      return [
        ...policy.groups.filter((g) => g.members.includes(id)).map((g) => user("group", g.id)),
        ...rulesBy((r) => r.cardholders),
      ];
    case "group":
      return rulesBy((r) => r.groups);
    case "zone":
      return [
        ...rulesBy((r) => r.zones),
        ...actionRulesBy((r) => [
          r.trigger.zoneId,
          ...r.actions.map((a) => (a.type === "zone" ? a.zoneId : undefined)),
        ]),
      ];
    case "door": {
      const door = site.doors.find((d) => d.id === id);
      const readers =
        door === undefined || door.type === "monitoring"
          ? []
          : [...door.sides.A.readers, ...door.sides.B.readers].map((r) => r.id);
      return [
        ...rulesBy((r) => r.doors),
        ...policy.zones.filter((z) => z.doors.some((d) => d.doorId === id)).map((z) => user("zone", z.id)),
        ...actionRulesBy((r) => [
          r.trigger.doorId,
          ...r.actions.map((a) =>
            a.type === "door"
              ? a.doorId
              : a.type === "feedback" && readers.includes(a.readerId)
                ? id
                : undefined,
          ),
        ]),
      ];
    }
    case "schedule":
      return [
        ...site.doors
          .filter((d) => d.type !== "monitoring" && d.unlockSchedule === id)
          .map((d) => user("door", d.id)),
        ...rulesBy((r) => r.schedules),
        ...policy.profiles
          .filter((p) => [...p.sides.A, ...p.sides.B].some((e) => e.schedules.includes(id)))
          .map((p) => user("profile", p.id)),
        ...policy.doorPolicies
          .filter((d) => d.twoPerson?.schedules.includes(id) === true)
          .map((d) => user("doorPolicy", d.doorId)),
        ...actionRulesBy((r) => [r.trigger.scheduleId]),
      ];
    case "profile":
      return policy.doorPolicies
        .filter((d) => profileIdsOf(d).includes(id))
        .map((d) => user("doorPolicy", d.doorId, false));
    case "controller":
      return [
        ...site.doors.filter((d) => d.controllerId === id).map((d) => user("door", d.id, false)),
        ...actionRulesBy((r) => r.actions.map((a) => (a.type === "output" ? a.controllerId : undefined))),
      ];
    default:
      return [];
  }
};

/** What is removed with `entity "id"` because it belongs to it. */
export const ownedBy = (policy: Policy, entity: ConfigEntity, id: string): EntityRef[] => {
  if (entity === "cardholder")
    return policy.credentials
      .filter((c) => c.cardholderId === id)
      .map((c) => ({ entity: "credential" as const, id: c.id }));
  if (entity === "door" && policy.doorPolicies.some((d) => d.doorId === id))
    return [{ entity: "doorPolicy", id }];
  return [];
};
