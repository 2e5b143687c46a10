/** Validated changes of one cardholder, credential, group or rule, applied to the index in place (DESIGN §3: from the next decision). */
import { Either, ParseResult, Schema } from "effect";
import { ConfigError, type ConfigIssue } from "../errors";
import { AccessRule } from "../model/AccessRule";
import { type Cardholder, customFieldIssues } from "../model/Cardholder";
import { credentialIssues, tagPin, type Credential, type CredentialContext } from "../model/Credential";
import { Group } from "../model/Group";
import { decodeCardholder, decodeCredential } from "../model/peopleCodec";
import { groupIssues, ruleIssues, type PolicyIds } from "../model/Policy";
import { issuesOf } from "../model/Site";
import { putCardholder, putCredential, putGroup, putRule, type PolicyIndex } from "./PolicyIndex";

const strict = { errors: "all", onExcessProperty: "error" } as const;
const decodeGroup = Schema.decodeUnknownEither(Group, strict);
const decodeRule = Schema.decodeUnknownEither(AccessRule, strict);

/** Decodes, checks and, when valid, applies; on any issue the index is unchanged. */
const change = <A>(
  decoded: Either.Either<A, ParseResult.ParseError>,
  check: (value: A) => ConfigIssue[],
  apply: (value: A) => void,
): Either.Either<A, ConfigError> => {
  if (Either.isLeft(decoded)) return Either.left(ConfigError.of(issuesOf(decoded.left)));
  const issues = check(decoded.right);
  if (issues.length > 0) return Either.left(ConfigError.of(issues));
  apply(decoded.right);
  return Either.right(decoded.right);
};

const idsOf = (index: PolicyIndex): PolicyIds => ({
  cardholders: index.cardholders,
  groups: index.groups,
  doors: index.accessPoints,
  zones: index.zones,
  schedules: index.schedules,
});

/** Adds or replaces a cardholder; its custom fields must be among the site's `customFieldNames`. */
export const changeCardholder = (
  index: PolicyIndex,
  input: unknown,
  customFieldNames: ReadonlyArray<string> = [],
): Either.Either<Cardholder, ConfigError> =>
  change(
    decodeCardholder(input),
    (c) => customFieldIssues(c, customFieldNames, ""),
    (c) => putCardholder(index, c),
  );

/** Adds or replaces a group; its members must exist. */
export const changeGroup = (index: PolicyIndex, input: unknown): Either.Either<Group, ConfigError> =>
  change(
    decodeGroup(input),
    (g) => groupIssues(g, idsOf(index), ""),
    (g) => putGroup(index, g),
  );

/** Adds or replaces an access rule; what it names must exist (an incomplete rule is accepted and grants nothing). */
export const changeRule = (index: PolicyIndex, input: unknown): Either.Either<AccessRule, ConfigError> =>
  change(
    decodeRule(input),
    (r) => ruleIssues(r, idsOf(index), ""),
    (r) => putRule(index, r),
  );

const others = <C extends { readonly id: string }>(found: C | undefined, id: string): boolean =>
  found !== undefined && found.id !== id;

/** Adds or replaces a credential, checked against every other one in the index; a plain PIN is tagged. */
export const changeCredential = (
  index: PolicyIndex,
  input: unknown,
): Either.Either<Credential, ConfigError> => {
  const decoded = decodeCredential(input);
  if (Either.isLeft(decoded)) return Either.left(ConfigError.of(issuesOf(decoded.left)));
  const credential = tagPin(decoded.right, index.hasher);
  const context: CredentialContext = {
    facilityCodes: index.facilityCodes,
    pinLengths: index.pinLengths,
    hasCardholder: (id) => index.cardholders.has(id),
    cardTaken: (c) =>
      (index.cards.get(c.number) ?? []).some((o) => o.id !== c.id && o.facilityCode === c.facilityCode),
    plateTaken: (p) => others(index.plates.get(p.plate), p.id),
    pinTaken: (tag, id) => others(index.pins.get(tag), id) || others(index.duress.get(tag), id),
  };
  return change(
    Either.right(credential),
    (c) => credentialIssues(decoded.right, c, context, (name) => name),
    (c) => putCredential(index, c),
  );
};
