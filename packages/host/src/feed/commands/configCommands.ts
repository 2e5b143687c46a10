/** Configuration over the feed: `config.put|patch|remove|set` through the runtime's change path, `config.get` and `config.incompleteRules` read it. */
import {
  type ConfigEntity,
  type ConfigOptions,
  type ConfigSetting,
  describeMissing,
  entityJson,
  incompleteRules,
  siteFileJson,
} from "@portcullis/engine";
import { Either, Schema } from "effect";
import { type CommandContext, type CommandSpec, defineCommand } from "./Command";
import { applyChanges } from "./applyChanges";
import { copyDoorCommand } from "./copyDoorCommand";
import { siteFileText } from "../siteFileText";

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

type Doc = Record<string, unknown>;

/** A policy in its JSON form as `role` may read it. */
const readablePolicy = (policy: Doc, role: CommandContext["role"]): Doc =>
  role === "admin"
    ? policy
    : { ...policy, credentials: (policy["credentials"] as Doc[]).map(redactCredential) };

/** The site file (the `--config` format) as configured now, as the caller's role may read it. */
const siteFile = ({ backend, role }: CommandContext): Doc => {
  const file = siteFileJson(backend.site.config, backend.site.policy);
  return { ...file, policy: readablePolicy(file["policy"] as Doc, role) };
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
    Schema.Union(
      // One entity (null when the site has none by that id): a console follows a `ConfigChanged` with it.
      Schema.Struct({ entity: Entity, id: Schema.String }),
      Schema.Struct({
        entity: Schema.optionalWith(Schema.Union(Entity, Setting), { exact: true }),
        id: Schema.optionalWith(Schema.Never, { exact: true }),
      }),
    ),
    async (p, context) => {
      const { config, policy: current } = context.backend.site;
      const { entity } = p;
      if (p.id !== undefined) {
        const json = entityJson(config, current, p.entity, p.id) as Doc | undefined;
        if (json === undefined) return Either.right(null);
        return Either.right(
          p.entity === "credential" && context.role !== "admin" ? redactCredential(json) : json,
        );
      }
      if (entity === undefined)
        return Either.right(
          await siteFileText(config, current, context.role, (c) =>
            context.role === "admin" ? c : redactCredential(c),
          ),
        );
      const file = siteFile(context);
      const key = keyOf(entity);
      const policy = file["policy"] as Record<string, unknown>;
      return Either.right(file[key] ?? policy[key] ?? null);
    },
  ),
};
