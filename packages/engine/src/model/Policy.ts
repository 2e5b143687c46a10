/** The people-and-policy configuration of a site and its validation against the site's doors and schedules. */
import { Either, Schema } from "effect";
import type { PinHasher } from "../decision/PinHasher";
import { ConfigError, type ConfigIssue } from "../errors";
import { Side } from "../events";
import { AccessRule } from "./AccessRule";
import { Cardholder, CustomFieldNames, customFieldIssues } from "./Cardholder";
import {
  Credential,
  credentialIssues,
  tagPin,
  type CardCredential,
  type CredentialContext,
  type CredentialInput,
} from "./Credential";
import type { Door } from "./Door";
import { Group } from "./Group";
import { IdentificationProfile, profileIdsOf, withDefaultProfiles } from "./IdentificationProfile";
import { decodeCardholder, decodeCredential, encodeCardholder, encodeCredential } from "./peopleCodec";
import { PinConfig, pinLengthsOf, type PinLengthRange } from "./Pin";
import { issuesOf, type SiteConfig } from "./Site";
import { checkZones, Zone } from "./Zone";

const Seconds = Schema.Number.pipe(Schema.int(), Schema.between(1, 86_400));

/** Two-person rule of a door (seed "Door security level"); no schedules means always. */
export const TwoPersonRule = Schema.Struct({
  sides: Schema.Array(Side).pipe(Schema.minItems(1)),
  schedules: Schema.optionalWith(Schema.Array(Schema.NonEmptyString), { default: () => [] }),
  timeoutS: Seconds,
});
export type TwoPersonRule = typeof TwoPersonRule.Type;

/** A door's identification profile(s) and security level; a door without one uses the Card profile. */
export const DoorPolicy = Schema.Struct({
  doorId: Schema.NonEmptyString,
  profileId: Schema.Union(
    Schema.NonEmptyString,
    Schema.Struct({ A: Schema.NonEmptyString, B: Schema.NonEmptyString }),
  ),
  twoPerson: Schema.optional(TwoPersonRule),
  doubleSwipe: Schema.optional(Schema.Struct({ timeoutS: Seconds })),
});
export type DoorPolicy = typeof DoorPolicy.Type;

const list = <S extends Schema.Schema.Any>(item: S) =>
  Schema.optionalWith(Schema.Array(item), { default: () => [] });

/** The policy configuration as written in JSON; credentials are checked one by one (see {@link validatePolicy}). */
export const PolicyConfig = Schema.Struct({
  /** The site's facility-code switch (seed "Access management settings"). */
  facilityCodes: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  pin: Schema.optionalWith(PinConfig, { default: () => Schema.decodeSync(PinConfig)({}) }),
  /** The site's custom cardholder field names (seed "Access management settings"). */
  customFields: Schema.optionalWith(CustomFieldNames, { default: () => [] }),
  cardholders: list(Cardholder),
  credentials: list(Schema.Unknown),
  groups: list(Group),
  rules: list(AccessRule),
  profiles: list(IdentificationProfile),
  zones: list(Zone),
  doorPolicies: list(DoorPolicy),
});
/** The policy configuration as written in JSON (defaults may be left out, PINs plain or tagged). */
export type PolicyConfigInput = typeof PolicyConfig.Encoded;

/** A validated policy: PINs only as tags, the default profiles included; its encoded form is the JSON to store. */
export const Policy = Schema.Struct({ ...PolicyConfig.fields, credentials: list(Credential) });
export type Policy = typeof Policy.Type;

/** The policy with its people lists left to {@link peopleCodec} (the only lists of 100 000). */
const shellOf = <F extends Schema.Struct.Fields>(fields: F) =>
  Schema.Struct({ ...fields, cardholders: list(Schema.Unknown), credentials: list(Schema.Unknown) });
const encodeShell = Schema.encodeSync(shellOf(Policy.fields));

/** The policy as JSON for storage: card numbers as decimal strings, instants as ISO strings, PINs as tags. */
export const encodePolicy = (policy: Policy): typeof Policy.Encoded =>
  ({
    ...encodeShell({ ...policy, cardholders: [], credentials: [] }),
    cardholders: policy.cardholders.map(encodeCardholder),
    credentials: policy.credentials.map(encodeCredential),
  }) as unknown as typeof Policy.Encoded;

/** A validated policy and the warnings it raised (PIN density, hard anti-passback without both-side readers). */
export interface ValidPolicy {
  readonly policy: Policy;
  readonly warnings: ReadonlyArray<ConfigIssue>;
}

/** DESIGN §3: a random PIN guess must succeed less than once in 1 000. */
export const PIN_GUESS_LIMIT = 1 / 1000;

const strict = { errors: "all", onExcessProperty: "error" } as const;
const decodeShell = Schema.decodeUnknownEither(shellOf(PolicyConfig.fields), strict);

const duplicateIds = (
  items: ReadonlyArray<{ readonly id: string }>,
  prefix: string,
  what: string,
): ConfigIssue[] => {
  const seen = new Set<string>();
  return items.flatMap(({ id }, i) => {
    if (!seen.has(id)) return (seen.add(id), []);
    return [{ field: `${prefix}[${i}].id`, message: `duplicate ${what} id "${id}"` }];
  });
};

/** A set of ids something may refer to (a Set or a Map by id). */
export interface KnownIds {
  has(id: string): boolean;
}

const unknownRefs = (
  ids: ReadonlyArray<string>,
  known: KnownIds,
  field: string,
  what: string,
): ConfigIssue[] =>
  ids.flatMap((id, i) =>
    known.has(id) ? [] : [{ field: `${field}[${i}]`, message: `unknown ${what} "${id}"` }],
  );

/** What groups and rules refer to. */
export interface PolicyIds {
  readonly cardholders: KnownIds;
  readonly groups: KnownIds;
  /** Doors with a lock: a monitoring door grants nothing. */
  readonly doors: KnownIds;
  readonly zones: KnownIds;
  readonly schedules: KnownIds;
}

/** Unknown members of a group; `prefix` is the group's field path. */
export const groupIssues = (group: Group, ids: PolicyIds, prefix: string): ConfigIssue[] =>
  unknownRefs(group.members, ids.cardholders, `${prefix}members`, "cardholder");

/** Unknown references of a rule; `prefix` is the rule's field path. */
export const ruleIssues = (rule: AccessRule, ids: PolicyIds, prefix: string): ConfigIssue[] => [
  ...unknownRefs(rule.cardholders, ids.cardholders, `${prefix}cardholders`, "cardholder"),
  ...unknownRefs(rule.groups, ids.groups, `${prefix}groups`, "group"),
  ...unknownRefs(rule.doors, ids.doors, `${prefix}doors`, "door with a lock"),
  ...unknownRefs(rule.zones, ids.zones, `${prefix}zones`, "zone"),
  ...unknownRefs(rule.schedules, ids.schedules, `${prefix}schedules`, "schedule"),
];

/** Checks credentials in order, each against those before it. */
const credentialsIssues = (
  inputs: ReadonlyArray<CredentialInput>,
  tagged: ReadonlyArray<Credential>,
  policy: typeof PolicyConfig.Type,
  pinLengths: ReadonlyArray<PinLengthRange>,
): ConfigIssue[] => {
  const cardholders = new Set(policy.cardholders.map((c) => c.id));
  const cardKey = (c: CardCredential) => `${c.number}/${c.facilityCode ?? ""}`;
  const cards = new Set<string>();
  const plates = new Set<string>();
  const pinTags = new Set<string>();
  const context: CredentialContext = {
    facilityCodes: policy.facilityCodes,
    pinLengths,
    hasCardholder: (id) => cardholders.has(id),
    cardTaken: (c) => cards.has(cardKey(c)),
    plateTaken: (p) => plates.has(p.plate),
    pinTaken: (tag) => pinTags.has(tag),
  };
  return tagged.flatMap((c, i) => {
    const input = inputs[i] ?? c;
    const issues = credentialIssues(input, c, context, (name) => `credentials[${i}].${name}`);
    if (c.kind === "card") cards.add(cardKey(c));
    if (c.kind === "plate") plates.add(c.plate);
    if (c.kind === "pin") {
      pinTags.add(c.pinTag);
      if (c.duressTag !== undefined) pinTags.add(c.duressTag);
    }
    return issues;
  });
};

/** PIN density: per length L, n PINs of that length give a random guess a chance of n / 10^L. */
const pinDensityWarnings = (credentials: ReadonlyArray<Credential>): ConfigIssue[] => {
  const byLength = new Map<number, number>();
  for (const c of credentials)
    if (c.kind === "pin") byLength.set(c.length, (byLength.get(c.length) ?? 0) + 1);
  return [...byLength]
    .filter(([length, n]) => n / 10 ** length >= PIN_GUESS_LIMIT)
    .map(([length, n]) => ({
      field: "credentials",
      message: `${n} PINs of ${length} digits: a random guess succeeds at least once in ${Math.round(1 / PIN_GUESS_LIMIT)}; use longer PINs`,
    }));
};

const referenceIssues = (
  policy: typeof PolicyConfig.Type,
  profiles: ReadonlyArray<IdentificationProfile>,
  site: SiteConfig,
  doors: ReadonlyMap<string, Door>,
): ConfigIssue[] => {
  const issues: ConfigIssue[] = [];
  const cardholders = new Set(policy.cardholders.map((c) => c.id));
  const groups = new Set(policy.groups.map((g) => g.id));
  const zones = new Set(policy.zones.map((z) => z.id));
  const schedules = new Set(site.schedules.map((s) => s.id));
  const profileIds = new Set(profiles.map((p) => p.id));
  const lockDoors = new Map([...doors].filter(([, d]) => d.type !== "monitoring"));
  const ids: PolicyIds = { cardholders, groups, doors: lockDoors, zones, schedules };
  new Set(policy.customFields).size < policy.customFields.length &&
    issues.push({ field: "customFields", message: "a custom field name is defined twice" });
  policy.cardholders.forEach((c, i) =>
    issues.push(...customFieldIssues(c, policy.customFields, `cardholders[${i}].`)),
  );
  policy.groups.forEach((g, i) => issues.push(...groupIssues(g, ids, `groups[${i}].`)));
  policy.rules.forEach((r, i) => issues.push(...ruleIssues(r, ids, `rules[${i}].`)));
  policy.profiles.forEach((p, i) => {
    if (p.includeFacilityCode && !policy.facilityCodes)
      issues.push({
        field: `profiles[${i}].includeFacilityCode`,
        message: "facility codes are turned off for this site",
      });
    for (const side of ["A", "B"] as const)
      p.sides[side].forEach((e, ei) =>
        issues.push(
          ...unknownRefs(e.schedules, schedules, `profiles[${i}].sides.${side}[${ei}].schedules`, "schedule"),
        ),
      );
  });
  const seenDoors = new Set<string>();
  policy.doorPolicies.forEach((d, i) => {
    const at = (f: string) => `doorPolicies[${i}].${f}`;
    if (!lockDoors.has(d.doorId))
      issues.push({ field: at("doorId"), message: `unknown door with a lock "${d.doorId}"` });
    if (seenDoors.has(d.doorId))
      issues.push({ field: at("doorId"), message: `door "${d.doorId}" has two door policies` });
    seenDoors.add(d.doorId);
    const [a, b] = profileIdsOf(d);
    const field =
      typeof d.profileId === "string"
        ? [at("profileId"), at("profileId")]
        : [at("profileId.A"), at("profileId.B")];
    [a, b].forEach((id, s) => {
      if (!profileIds.has(id))
        issues.push({ field: field[s] ?? at("profileId"), message: `unknown profile "${id}"` });
    });
    if (d.twoPerson)
      issues.push(...unknownRefs(d.twoPerson.schedules, schedules, at("twoPerson.schedules"), "schedule"));
  });
  return [
    ...duplicateIds(policy.cardholders, "cardholders", "cardholder"),
    ...duplicateIds(policy.groups, "groups", "group"),
    ...duplicateIds(policy.rules, "rules", "rule"),
    ...duplicateIds(policy.profiles, "profiles", "profile"),
    ...duplicateIds(policy.zones, "zones", "zone"),
    ...issues,
  ];
};

/**
 * Validates a policy against an already validated site: Schema first (field-named), then references to
 * doors, schedules, cardholders, groups, zones and profiles, uniqueness, facility codes and zones. Plain
 * PINs are replaced by their tags from `hasher`. Warnings do not make the policy invalid.
 */
export const validatePolicy = (
  input: unknown,
  site: SiteConfig,
  hasher: PinHasher,
): Either.Either<ValidPolicy, ConfigError> => {
  const shell = decodeShell(input);
  if (Either.isLeft(shell)) return Either.left(ConfigError.of(issuesOf(shell.left)));
  const issues: ConfigIssue[] = [];
  const cardholders: Cardholder[] = [];
  shell.right.cardholders.forEach((raw, i) =>
    Either.match(decodeCardholder(raw), {
      onLeft: (e) => issues.push(...issuesOf(e, `cardholders[${i}]`)),
      onRight: (c) => cardholders.push(c),
    }),
  );
  const config: typeof PolicyConfig.Type = { ...shell.right, cardholders };
  const inputs: CredentialInput[] = [];
  config.credentials.forEach((raw, i) =>
    Either.match(decodeCredential(raw), {
      onLeft: (e) => issues.push(...issuesOf(e, `credentials[${i}]`)),
      onRight: (c) => inputs.push(c),
    }),
  );
  if (issues.length > 0) return Either.left(ConfigError.of(issues));
  const credentials = inputs.map((c) => tagPin(c, hasher));
  const doors = new Map(site.doors.map((d) => [d.id, d]));
  const profiles = withDefaultProfiles(config.profiles);
  const zoneCheck = checkZones(config.zones, doors);
  issues.push(
    ...referenceIssues(config, profiles, site, doors),
    ...duplicateIds(credentials, "credentials", "credential"),
    ...credentialsIssues(inputs, credentials, config, pinLengthsOf(config.pin, site)),
    ...zoneCheck.errors,
  );
  if (issues.length > 0) return Either.left(ConfigError.of(issues));
  return Either.right({
    policy: { ...config, credentials, profiles },
    warnings: [...zoneCheck.warnings, ...pinDensityWarnings(credentials)],
  });
};
