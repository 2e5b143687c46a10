/** Runtime configuration changes: what can change, and how a change rewrites the stored site file. */
import { Either, Schema } from "effect";
import { ConfigError, type ConfigIssue } from "./errors";
import { encodePolicy, type Policy } from "./model/Policy";
import { SiteConfig } from "./model/Site";

/** Configuration entities kept as lists with ids. */
export type ConfigEntity =
  | "controller"
  | "door"
  | "schedule"
  | "cardholder"
  | "credential"
  | "group"
  | "rule"
  | "profile"
  | "zone"
  /** A door's identification profiles and security level (two-person, double-swipe); its id is the door's. */
  | "doorPolicy"
  | "actionRule";

/**
 * Site-wide settings: the policy's PIN rules, facility-code switch and custom cardholder field
 * names, the site's card formats.
 */
export type ConfigSetting = "pin" | "facilityCodes" | "customFields" | "cardFormats";

/**
 * One change: add or replace an entity by id (`put`), change named fields of one (`patch`: a field
 * given `null` is removed), remove one, set a site-wide setting, or replace the whole site file at
 * once (a cardholder import, an undone import: seed "Import and export"), `id` saying which.
 */
export type ConfigChange =
  | { readonly op: "put"; readonly entity: ConfigEntity; readonly value: unknown }
  | {
      readonly op: "patch";
      readonly entity: ConfigEntity | "pin";
      readonly id: string;
      readonly fields: Readonly<Record<string, unknown>>;
    }
  | { readonly op: "remove"; readonly entity: ConfigEntity; readonly id: string }
  | { readonly op: "set"; readonly entity: ConfigSetting; readonly value: unknown }
  | { readonly op: "replace"; readonly entity: "site"; readonly id: string; readonly value: unknown };

/** How far a change may go: `cascade` lets a removal drop references to it, `force` lets it deny credentials. */
export interface ConfigOptions {
  readonly cascade?: boolean;
  readonly force?: boolean;
}

/** What a change did to one entity or setting, as `ConfigChanged` tells it. */
export interface EntityChange {
  readonly entity: ConfigEntity | ConfigSetting;
  readonly id: string;
  readonly change: "put" | "patch" | "remove" | "set";
  /** Changed fields, before and after; secrets redacted. */
  readonly fields: Readonly<Record<string, { readonly before?: unknown; readonly after?: unknown }>>;
}

/** An applied change: its warnings, and every entity it changed (cascades included), in order. */
export interface ConfigApplied {
  readonly warnings: ReadonlyArray<ConfigIssue>;
  readonly changed: ReadonlyArray<EntityChange>;
  /** The changes that put everything back as it was, in order (apply with `cascade` and `force`). */
  readonly undo: ReadonlyArray<ConfigChange>;
}

/** Where each entity lives in the site file: its part, the list's key, and the field that is its id. */
export const CONFIG_ENTITY_LOCATION: Record<
  ConfigEntity,
  { readonly part: "site" | "policy"; readonly key: string; readonly id: string }
> = {
  controller: { part: "site", key: "controllers", id: "id" },
  door: { part: "site", key: "doors", id: "id" },
  schedule: { part: "site", key: "schedules", id: "id" },
  cardholder: { part: "policy", key: "cardholders", id: "id" },
  credential: { part: "policy", key: "credentials", id: "id" },
  group: { part: "policy", key: "groups", id: "id" },
  rule: { part: "policy", key: "rules", id: "id" },
  profile: { part: "policy", key: "profiles", id: "id" },
  zone: { part: "policy", key: "zones", id: "id" },
  doorPolicy: { part: "policy", key: "doorPolicies", id: "doorId" },
  actionRule: { part: "site", key: "actionRules", id: "id" },
};

const encodeSite = Schema.encodeSync(SiteConfig);

type Doc = Record<string, unknown>;

/** The site file in its JSON form (the `--config` format): what a host stores and reloads. */
export const siteFileJson = (site: SiteConfig, policy: Policy): Record<string, unknown> => ({
  ...(encodeSite(site) as Doc),
  policy: encodePolicy(policy),
});

/** The id a change names, for `ConfigChanged`. */
export const changeId = (change: ConfigChange): string => {
  if (change.op === "remove" || change.op === "patch" || change.op === "replace") return change.id;
  if (change.op === "set") return change.entity;
  const key = CONFIG_ENTITY_LOCATION[change.entity].id;
  const id =
    typeof change.value === "object" && change.value !== null ? (change.value as Doc)[key] : undefined;
  return typeof id === "string" ? id : "";
};

/**
 * The site file (JSON form) with the change applied, for validation as a whole. Removing a
 * cardholder also removes their credentials; removing a cardholder or a group drops it from the
 * groups and rules that name it.
 */
export const changedSiteFile = (
  site: SiteConfig,
  policy: Policy,
  change: Exclude<ConfigChange, { op: "patch" }>,
): Either.Either<Doc, ConfigError> => {
  if (change.op === "replace")
    return typeof change.value === "object" && change.value !== null
      ? Either.right(change.value as Doc)
      : Either.left(ConfigError.of([{ field: "", message: "a replacing site file is an object" }]));
  const { policy: policyJson, ...siteDoc } = siteFileJson(site, policy);
  const policyDoc = policyJson as Doc;
  if (change.op === "set")
    return Either.right(
      change.entity === "cardFormats"
        ? { ...siteDoc, cardFormats: change.value, policy: policyDoc }
        : { ...siteDoc, policy: { ...policyDoc, [change.entity]: change.value } },
    );
  const { part, key, id: idKey } = CONFIG_ENTITY_LOCATION[change.entity];
  const doc = part === "site" ? siteDoc : policyDoc;
  const list = (doc[key] as Doc[] | undefined) ?? [];
  const id = changeId(change);
  if (id === "")
    return Either.left(ConfigError.of([{ field: idKey, message: `a ${change.entity} needs an ${idKey}` }]));
  const index = list.findIndex((item) => item[idKey] === id);
  if (change.op === "remove") {
    if (index < 0)
      return Either.left(ConfigError.of([{ field: idKey, message: `unknown ${change.entity} "${id}"` }]));
    doc[key] = list.filter((_, i) => i !== index);
    if (change.entity === "cardholder") {
      policyDoc["credentials"] = ((policyDoc["credentials"] as Doc[] | undefined) ?? []).filter(
        (c) => c["cardholderId"] !== id,
      );
      scrub(policyDoc, id, ["groups", "members"], ["rules", "cardholders"]);
    }
    if (change.entity === "group") scrub(policyDoc, id, ["rules", "groups"]);
    if (change.entity === "zone") scrub(policyDoc, id, ["rules", "zones"]);
    if (change.entity === "door") removeDoorReferences(policyDoc, id);
    if (change.entity === "schedule") removeScheduleReferences(siteDoc, policyDoc, id);
  } else
    doc[key] =
      index < 0 ? [...list, change.value] : list.map((item, i) => (i === index ? change.value : item));
  return Either.right({ ...siteDoc, policy: policyDoc });
};

/** Drops `id` from the named id lists of the named policy lists. */
const scrub = (policyDoc: Doc, id: string, ...where: Array<[string, string]>): void => {
  for (const [listKey, field] of where)
    policyDoc[listKey] = ((policyDoc[listKey] as Doc[] | undefined) ?? []).map((item) =>
      Array.isArray(item[field])
        ? { ...item, [field]: (item[field] as string[]).filter((x) => x !== id) }
        : item,
    );
};

const listOf = (doc: Doc, key: string): Doc[] => (doc[key] as Doc[] | undefined) ?? [];

/** A door's own policy goes with it; rules and zones stop naming it. */
const removeDoorReferences = (policyDoc: Doc, id: string): void => {
  scrub(policyDoc, id, ["rules", "doors"]);
  policyDoc["doorPolicies"] = listOf(policyDoc, "doorPolicies").filter((d) => d["doorId"] !== id);
  policyDoc["zones"] = listOf(policyDoc, "zones").map((z) =>
    Array.isArray(z["doors"]) && (z["doors"] as Doc[]).some((d) => d["doorId"] === id)
      ? { ...z, doors: (z["doors"] as Doc[]).filter((d) => d["doorId"] !== id) }
      : z,
  );
};

/**
 * Rules and two-person rules stop naming the schedule; a door loses it as unlock schedule (and stays
 * locked). A profile entry active only in that schedule is dropped rather than left without
 * schedules, which would make it always active: a cascade never widens access.
 */
const removeScheduleReferences = (siteDoc: Doc, policyDoc: Doc, id: string): void => {
  scrub(policyDoc, id, ["rules", "schedules"]);
  siteDoc["doors"] = listOf(siteDoc, "doors").map((d) => {
    if (d["unlockSchedule"] !== id) return d;
    const { unlockSchedule: _gone, ...rest } = d;
    return rest;
  });
  policyDoc["profiles"] = listOf(policyDoc, "profiles").map((p) => {
    const sides = p["sides"] as Record<"A" | "B", Doc[]>;
    const strip = (entries: Doc[]) =>
      entries.flatMap((e) => {
        const schedules = (e["schedules"] as string[] | undefined) ?? [];
        if (!schedules.includes(id)) return [e];
        const left = schedules.filter((s) => s !== id);
        return left.length === 0 ? [] : [{ ...e, schedules: left }];
      });
    return { ...p, sides: { A: strip(sides.A), B: strip(sides.B) } };
  });
  policyDoc["doorPolicies"] = listOf(policyDoc, "doorPolicies").map((d) => {
    const twoPerson = d["twoPerson"] as Doc | undefined;
    const schedules = (twoPerson?.["schedules"] as string[] | undefined) ?? [];
    return schedules.includes(id)
      ? { ...d, twoPerson: { ...twoPerson, schedules: schedules.filter((s) => s !== id) } }
      : d;
  });
};

/** The entity each list of the site file holds, and the field that is its id: `doors` → door by `id`. */
export const CONFIG_ENTITY_OF_LIST: ReadonlyMap<
  string,
  { readonly entity: ConfigEntity; readonly idKey: string }
> = new Map(
  (Object.entries(CONFIG_ENTITY_LOCATION) as Array<[ConfigEntity, { key: string; id: string }]>).map(
    ([entity, { key, id }]) => [key, { entity, idKey: id }],
  ),
);

/** The entity a validation field lies in, as a message names it: `rule "night"`, `the door policy of door "lobby"`. */
const referrerAt = (doc: Doc, field: string): string | undefined => {
  const match = /^(policy\.)?([A-Za-z]+)\[(\d+)\]/.exec(field);
  if (match === null) return undefined;
  const part = match[1] === undefined ? doc : (doc["policy"] as Doc | undefined);
  const list = part?.[match[2]!];
  const item = Array.isArray(list) ? (list[Number(match[3])] as Doc | undefined) : undefined;
  const located = CONFIG_ENTITY_OF_LIST.get(match[2]!);
  if (item === undefined || located === undefined) return undefined;
  const id = JSON.stringify(item[located.idKey]);
  return located.entity === "doorPolicy" ? `the door policy of door ${id}` : `${located.entity} ${id}`;
};

/**
 * A removal that leaves other entities naming what was removed fails validation with "unknown
 * profile "vip""; said from the admin's side instead: `profile "vip" is used by the door policy of
 * door "lobby"`, one issue per entity that still uses it, each at its field.
 */
export const explainRemoval = (
  change: Exclude<ConfigChange, { op: "patch" }>,
  doc: Doc,
  error: ConfigError,
): ConfigError => {
  if (change.op !== "remove") return error;
  const removed = JSON.stringify(change.id);
  let explained = false;
  const issues = error.issues.map((issue) => {
    if (!issue.message.startsWith("unknown ") || !issue.message.endsWith(removed)) return issue;
    const referrer = referrerAt(doc, issue.field);
    if (referrer === undefined) return issue;
    explained = true;
    return { field: issue.field, message: `${change.entity} ${removed} is used by ${referrer}` };
  });
  return explained ? ConfigError.of(issues) : error;
};
