/** Configuration over the feed: `config.put|remove|set` through `Site.configure`, `config.get` reads it back. */
import { type ConfigChange, type ConfigEntity, type ConfigSetting, siteFileJson } from "@portcullis/engine";
import { Either, Schema } from "effect";
import { FeedError, fromEngineError } from "../FeedError";
import { type CommandContext, type CommandOutcome, type CommandSpec, defineCommand } from "./Command";

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

/** The site-file key an entity or setting lives under (`door` → `doors`, `pin` → `pin`). */
const keyOf = (entity: ConfigEntity | ConfigSetting): string =>
  entity === "doorPolicy"
    ? "doorPolicies"
    : entity === "pin" || entity === "facilityCodes" || entity === "customFields"
      ? entity
      : `${entity}s`;

/**
 * Applies a change and answers once it is stored; the result carries validation warnings, a refusal
 * names the field, and a change that could not be stored is undone and answered `Internal`.
 */
const configure = async (change: ConfigChange, { backend, by }: CommandContext): Promise<CommandOutcome> => {
  const applied = backend.configure
    ? await backend.configure(change, by)
    : backend.site.configure(change, by);
  return Either.mapBoth(applied, {
    onLeft: (e) =>
      e._tag === "ConfigNotStored"
        ? new FeedError({ code: "Internal", message: e.message })
        : fromEngineError(e),
    onRight: (warnings) => ({ warnings }),
  });
};

/** `config.put`, `config.remove`, `config.set` (admin) and `config.get` (viewer). */
export const configCommands: Readonly<Record<string, CommandSpec>> = {
  "config.put": defineCommand(
    "admin",
    Schema.Struct({ entity: Entity, value: Schema.Unknown }),
    (p, context) => configure({ op: "put", entity: p.entity, value: p.value }, context),
  ),
  "config.remove": defineCommand(
    "admin",
    Schema.Struct({ entity: Entity, id: Schema.String }),
    (p, context) => configure({ op: "remove", entity: p.entity, id: p.id }, context),
  ),
  "config.set": defineCommand(
    "admin",
    Schema.Struct({ entity: Setting, value: Schema.Unknown }),
    (p, context) => configure({ op: "set", entity: p.entity, value: p.value }, context),
  ),
  "config.get": defineCommand(
    "viewer",
    Schema.Struct({ entity: Schema.optionalWith(Schema.Union(Entity, Setting), { exact: true }) }),
    ({ entity }, context) => {
      const file = siteFile(context);
      if (entity === undefined) return Either.right(file);
      const key = keyOf(entity);
      const policy = file["policy"] as Record<string, unknown>;
      return Either.right(file[key] ?? policy[key] ?? null);
    },
  ),
};
