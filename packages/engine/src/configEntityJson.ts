/** One entity or setting of a site in its site-file JSON form: what `config.patch` merges into and `ConfigChanged` compares. */
import { Either, Schema } from "effect";
import {
  CONFIG_ENTITY_LOCATION,
  type ConfigChange,
  type ConfigEntity,
  type ConfigSetting,
  type EntityChange,
  siteFileJson,
} from "./configChange";
import type { SiteState } from "./configImpact";
import { ConfigError } from "./errors";
import { findById } from "./listById";
import { AccessRule } from "./model/AccessRule";
import { ActionRule } from "./model/ActionRule";
import { Controller } from "./model/Controller";
import { Door } from "./model/Door";
import { Group } from "./model/Group";
import { encodeCardholder, encodeCredential } from "./model/peopleCodec";
import { IdentificationProfile } from "./model/IdentificationProfile";
import { PinConfig } from "./model/Pin";
import { DoorPolicy, type Policy } from "./model/Policy";
import { ScheduleDefinition } from "./model/Schedule";
import type { SiteConfig } from "./model/Site";
import { Zone } from "./model/Zone";

type Doc = Record<string, unknown>;

const encoders: Record<ConfigEntity, (value: unknown) => unknown> = {
  controller: Schema.encodeSync(Controller) as (v: unknown) => unknown,
  door: Schema.encodeSync(Door) as (v: unknown) => unknown,
  schedule: Schema.encodeSync(ScheduleDefinition) as (v: unknown) => unknown,
  cardholder: encodeCardholder as (v: unknown) => unknown,
  credential: encodeCredential as (v: unknown) => unknown,
  group: Schema.encodeSync(Group) as (v: unknown) => unknown,
  rule: Schema.encodeSync(AccessRule) as (v: unknown) => unknown,
  profile: Schema.encodeSync(IdentificationProfile) as (v: unknown) => unknown,
  zone: Schema.encodeSync(Zone) as (v: unknown) => unknown,
  doorPolicy: Schema.encodeSync(DoorPolicy) as (v: unknown) => unknown,
  actionRule: Schema.encodeSync(ActionRule) as (v: unknown) => unknown,
};
const encodePin = Schema.encodeSync(PinConfig);

/** An entity as decoded, if the site has it. */
export const findEntity = (site: SiteConfig, policy: Policy, entity: ConfigEntity, id: string): unknown => {
  const { part, key, id: idKey } = CONFIG_ENTITY_LOCATION[entity];
  const list = ((part === "site" ? site : policy) as unknown as Record<string, ReadonlyArray<Doc>>)[key];
  return list === undefined ? undefined : findById(list, id, idKey);
};

/** An entity's or setting's site-file JSON, `undefined` if the site has no such entity. */
export const entityJson = (
  site: SiteConfig,
  policy: Policy,
  entity: ConfigEntity | ConfigSetting,
  id: string,
): unknown => {
  if (entity === "pin") return encodePin(policy.pin);
  if (entity === "facilityCodes") return policy.facilityCodes;
  if (entity === "customFields") return policy.customFields;
  if (entity === "cardFormats") return site.cardFormats;
  const found = findEntity(site, policy, entity, id);
  return found === undefined ? undefined : encoders[entity](found);
};

const SETTINGS: ReadonlyArray<ConfigSetting> = ["pin", "facilityCodes", "customFields", "cardFormats"];

/**
 * Every entity and setting that differs between a site file (`before`, its JSON form) and a configuration, as a
 * whole-site replacement (an import, its undo) changed them: `put` for one added or changed, `remove` for one gone.
 * Compared in JSON form, one pass over each list, so a 100 000-cardholder import costs one more encoding of the
 * site and no entity-by-entity lookups.
 */
export const entityChangesBetween = (before: Record<string, unknown>, after: SiteState): EntityChange[] => {
  const a = before;
  const b = siteFileJson(after.site, after.policy);
  const partOf = (file: Doc, part: "site" | "policy") => (part === "site" ? file : (file["policy"] as Doc));
  const changes: EntityChange[] = [];
  for (const [entity, { part, key, id }] of Object.entries(CONFIG_ENTITY_LOCATION) as Array<
    [ConfigEntity, (typeof CONFIG_ENTITY_LOCATION)[ConfigEntity]]
  >) {
    const listOf = (file: Doc) => (partOf(file, part)[key] as Doc[] | undefined) ?? [];
    const old = new Map(listOf(a).map((item) => [String(item[id]), JSON.stringify(item)]));
    for (const item of listOf(b)) {
      const itemId = String(item[id]);
      const was = old.get(itemId);
      old.delete(itemId);
      if (was !== JSON.stringify(item)) changes.push({ entity, id: itemId, change: "put", fields: {} });
    }
    for (const gone of old.keys()) changes.push({ entity, id: gone, change: "remove", fields: {} });
  }
  for (const setting of SETTINGS) {
    const was = setting === "cardFormats" ? a["cardFormats"] : (a["policy"] as Doc)[setting];
    if (JSON.stringify(was) !== JSON.stringify(entityJson(after.site, after.policy, setting, setting)))
      changes.push({ entity: setting, id: setting, change: "set", fields: {} });
  }
  return changes;
};

/** Fields a PIN credential stores for the PIN it was given: replaced when a patch gives a new PIN. */
const PIN_STATE = ["pinTag", "duressTag", "length"];

/**
 * A patch as the `put` (or `set` of the PIN settings) it amounts to: the current JSON with the named
 * fields replaced, and those given `null` removed. The id cannot be patched.
 */
export const resolvePatch = (
  site: SiteConfig,
  policy: Policy,
  patch: Extract<ConfigChange, { op: "patch" }>,
): Either.Either<Exclude<ConfigChange, { op: "patch" }>, ConfigError> => {
  const fail = (field: string, message: string) => Either.left(ConfigError.of([{ field, message }]));
  const current = entityJson(site, policy, patch.entity, patch.id);
  if (current === undefined) return fail("id", `unknown ${patch.entity} "${patch.id}"`);
  const idKey = patch.entity === "pin" ? undefined : CONFIG_ENTITY_LOCATION[patch.entity].id;
  if (idKey !== undefined && idKey in patch.fields && patch.fields[idKey] !== patch.id)
    return fail(idKey, `a patch cannot change the ${idKey}; put a new ${patch.entity} and remove this one`);
  const base = { ...(current as Doc) };
  if ("pin" in patch.fields) for (const k of PIN_STATE) delete base[k];
  for (const [k, v] of Object.entries(patch.fields))
    if (v === null) delete base[k];
    else base[k] = v;
  return Either.right(
    patch.entity === "pin"
      ? { op: "set", entity: "pin", value: base }
      : { op: "put", entity: patch.entity, value: base },
  );
};

/** Fields whose values are secrets (PIN hashes, PINs, keys, tokens) or clone a card (its number). */
const SECRET = /^(pin|duressPin|pinTag|duressTag|number|scbk|key|secret|token)$/i;
const REDACTED = "[redacted]";

const redact = (value: unknown, key = ""): unknown => {
  if (SECRET.test(key) || /key$/i.test(key)) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  return value;
};

/** The top-level fields that differ between two JSON values (a non-object value is the field `value`), redacted. */
export const fieldChanges = (before: unknown, after: unknown): EntityChange["fields"] => {
  const asDoc = (v: unknown): Doc | undefined =>
    v === undefined
      ? undefined
      : typeof v === "object" && v !== null && !Array.isArray(v)
        ? (v as Doc)
        : { value: v };
  const b = asDoc(before) ?? {};
  const a = asDoc(after) ?? {};
  const fields: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (JSON.stringify(b[key]) === JSON.stringify(a[key])) continue;
    fields[key] = {
      ...(b[key] !== undefined && { before: redact(b[key], key) }),
      ...(a[key] !== undefined && { after: redact(a[key], key) }),
    };
  }
  return fields;
};
