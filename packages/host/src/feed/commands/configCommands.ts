/** Configuration over the feed: `config.put|patch|remove|set` through the runtime's change path, `config.get` and `config.incompleteRules` read it. */
import {
  type ConfigEntity,
  type ConfigOptions,
  type ConfigSetting,
  describeMissing,
  incompleteRules,
  siteFileJson,
} from "@portcullis/engine";
import { Either, Schema } from "effect";
import { type CommandContext, type CommandSpec, defineCommand } from "./Command";
import { applyChanges } from "./applyChanges";
import { copyDoorCommand } from "./copyDoorCommand";
import { JsonText } from "../ServerMessage";

const Entity = Schema.Literal(
  ...([
    "controller",
    "door",
    "schedule",
    "cardholder",
    "credential",
    "group",
    "rule",
    "profile",
    "zone",
    "doorPolicy",
    "actionRule",
  ] as const satisfies ReadonlyArray<ConfigEntity>),
);
const Setting = Schema.Literal(
  ...([
    "pin",
    "facilityCodes",
    "customFields",
    "cardFormats",
  ] as const satisfies ReadonlyArray<ConfigSetting>),
);

/**
 * Least privilege: a card number is enough to clone a card, and a PIN tag to test PIN guesses
 * offline with the main key; only admins, who manage credentials, read them here (operators see a
 * card number where enrolment needs it: `reader.lastCard`).
 */
const redactCredential = (credential: Record<string, unknown>): Record<string, unknown> => {
  const { number: _number, pinTag: _pinTag, duressTag: _duressTag, ...rest } = credential;
  return rest;
};

/** The site file (the `--config` format) as configured now, as the caller's role may read it. */
const siteFile = ({ backend, role }: CommandContext): Record<string, unknown> => {
  const file = siteFileJson(backend.site.config, backend.site.policy);
  if (role === "admin") return file;
  const policy = file["policy"] as Record<string, unknown>;
  const credentials = policy["credentials"] as Array<Record<string, unknown>>;
  return { ...file, policy: { ...policy, credentials: credentials.map(redactCredential) } };
};

/**
 * The whole site file's JSON text by configuration (the site replaces its `config` and `policy` on
 * every change) and by what the role reads. Every console reads it at sign-in and after each change:
 * at 10 000 doors and 100 000 cardholders encoding it takes seconds of the host's one thread.
 */
const siteFileTexts = new WeakMap<object, WeakMap<object, Map<boolean, JsonText>>>();

type Doc = Record<string, unknown>;

/** A cardholder without the fields at their defaults (every flag false, no custom fields). */
const leanCardholder = (c: Doc): Doc =>
  Object.fromEntries(
    Object.entries(c).filter(
      ([key, v]) => v !== false && !(key === "customFields" && (v as unknown[]).length === 0),
    ),
  );

/** A credential without its default validity (from always to never). */
const leanCredential = (c: Doc): Doc => {
  const validity = c["validity"] as { validFrom?: unknown; validTo?: { kind: string } } | undefined;
  if (validity?.validFrom !== undefined || validity?.validTo?.kind !== "none") return c;
  const { validity: _validity, ...rest } = c;
  return rest;
};

/**
 * The whole site file with its people as one would write them by hand, defaults left out: the same
 * site (they decode to it), and at 100 000 cardholders 53 MB becomes about 35 MB.
 */
const leanSiteFile = (context: CommandContext): Doc => {
  const file = siteFile(context);
  const policy = file["policy"] as Doc;
  return {
    ...file,
    policy: {
      ...policy,
      cardholders: (policy["cardholders"] as Doc[]).map(leanCardholder),
      credentials: (policy["credentials"] as Doc[]).map(leanCredential),
    },
  };
};

const siteFileText = (context: CommandContext): JsonText => {
  const { config, policy } = context.backend.site;
  const byPolicy = siteFileTexts.get(config) ?? new WeakMap<object, Map<boolean, JsonText>>();
  siteFileTexts.set(config, byPolicy);
  const byRole = byPolicy.get(policy) ?? new Map<boolean, JsonText>();
  byPolicy.set(policy, byRole);
  const admin = context.role === "admin";
  const cached = byRole.get(admin);
  if (cached !== undefined) return cached;
  const text = new JsonText(JSON.stringify(leanSiteFile(context)));
  byRole.set(admin, text);
  return text;
};

/** The site-file key an entity or setting lives under (`door` → `doors`, `pin` → `pin`). */
const keyOf = (entity: ConfigEntity | ConfigSetting): string =>
  entity === "doorPolicy"
    ? "doorPolicies"
    : entity === "pin" || entity === "facilityCodes" || entity === "customFields"
      ? entity
      : `${entity}s`;

const force = { force: Schema.optionalWith(Schema.Boolean, { exact: true }) };
const optionsOf = (p: { readonly force?: boolean; readonly cascade?: boolean }): ConfigOptions => ({
  ...(p.force !== undefined && { force: p.force }),
  ...(p.cascade !== undefined && { cascade: p.cascade }),
});

/** `config.put|patch|remove|set|copyDoor` (admin), `config.get` and `config.incompleteRules` (viewer). */
export const configCommands: Readonly<Record<string, CommandSpec>> = {
  "config.put": defineCommand(
    "admin",
    Schema.Struct({ entity: Entity, value: Schema.Unknown, ...force }),
    (p, context) => applyChanges([{ op: "put", entity: p.entity, value: p.value }], context, optionsOf(p)),
  ),
  "config.patch": defineCommand(
    "admin",
    Schema.Union(
      Schema.Struct({
        entity: Entity,
        id: Schema.String,
        fields: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
        ...force,
      }),
      Schema.Struct({
        entity: Schema.Literal("pin"),
        fields: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
        ...force,
      }),
    ),
    (p, context) =>
      applyChanges(
        [{ op: "patch", entity: p.entity, id: "id" in p ? p.id : "pin", fields: p.fields }],
        context,
        optionsOf(p),
      ),
  ),
  "config.remove": defineCommand(
    "admin",
    Schema.Struct({
      entity: Entity,
      id: Schema.String,
      cascade: Schema.optionalWith(Schema.Boolean, { exact: true }),
    }),
    (p, context) => applyChanges([{ op: "remove", entity: p.entity, id: p.id }], context, optionsOf(p)),
  ),
  "config.set": defineCommand(
    "admin",
    Schema.Struct({ entity: Setting, value: Schema.Unknown, ...force }),
    (p, context) => applyChanges([{ op: "set", entity: p.entity, value: p.value }], context, optionsOf(p)),
  ),
  "config.incompleteRules": defineCommand("viewer", Schema.Struct({}), (_, { backend }) =>
    Either.right(
      incompleteRules(backend.site.policy).map(({ ruleId, missing }) => ({
        ruleId,
        name: backend.site.policy.rules.find((r) => r.id === ruleId)?.name ?? "",
        missing,
        message: describeMissing(missing),
      })),
    ),
  ),
  ...copyDoorCommand,
  "config.get": defineCommand(
    "viewer",
    Schema.Struct({ entity: Schema.optionalWith(Schema.Union(Entity, Setting), { exact: true }) }),
    ({ entity }, context) => {
      if (entity === undefined) return Either.right(siteFileText(context));
      const file = siteFile(context);
      const key = keyOf(entity);
      const policy = file["policy"] as Record<string, unknown>;
      return Either.right(file[key] ?? policy[key] ?? null);
    },
  ),
};
