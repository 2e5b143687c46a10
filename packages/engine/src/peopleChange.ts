/**
 * The fast path of runtime changes to people and rules: one entity validated against the index and
 * applied in place, instead of revalidating a 100 000-cardholder site file for every badge issued.
 */
import { Either } from "effect";
import type { ConfigChange } from "./configChange";
import { changeCardholder, changeCredential, changeGroup, changeRule } from "./decision/PolicyChange";
import {
  putGroup,
  putRule,
  removeCardholder,
  removeCredential,
  removeGroup,
  removeRule,
  type PolicyIndex,
} from "./decision/PolicyIndex";
import { ConfigError } from "./errors";
import { upsertById } from "./listById";
import type { Policy } from "./model/Policy";

/** The entities {@link applyPeopleChange} handles. */
export const PEOPLE_ENTITIES: ReadonlySet<string> = new Set(["cardholder", "credential", "group", "rule"]);

const upsert = <T extends { readonly id: string }>(list: ReadonlyArray<T>, item: T): T[] =>
  upsertById(list, item);

const unknown = (entity: string, id: string) =>
  Either.left(ConfigError.of([{ field: "id", message: `unknown ${entity} "${id}"` }]));

/**
 * Applies a change to a cardholder, credential, group or rule to the index (from the next decision)
 * and returns the policy with it; on error nothing changed.
 */
export const applyPeopleChange = (
  index: PolicyIndex,
  policy: Policy,
  change: Exclude<ConfigChange, { op: "set" }>,
): Either.Either<Policy, ConfigError> => {
  if (change.op === "put")
    switch (change.entity) {
      case "cardholder":
        return Either.map(changeCardholder(index, change.value, policy.customFields), (c) => ({
          ...policy,
          cardholders: upsert(policy.cardholders, c),
        }));
      case "credential":
        return Either.map(changeCredential(index, change.value), (c) => ({
          ...policy,
          credentials: upsert(policy.credentials, c),
        }));
      case "group":
        return Either.map(changeGroup(index, change.value), (g) => ({
          ...policy,
          groups: upsert(policy.groups, g),
        }));
      default:
        return Either.map(changeRule(index, change.value), (r) => ({
          ...policy,
          rules: upsert(policy.rules, r),
        }));
    }
  const id = change.id;
  switch (change.entity) {
    case "cardholder": {
      if (!index.cardholders.has(id)) return unknown("cardholder", id);
      removeCardholder(index, id);
      const groups = policy.groups.map((g) =>
        g.members.includes(id) ? { ...g, members: g.members.filter((m) => m !== id) } : g,
      );
      const rules = policy.rules.map((r) =>
        r.cardholders.includes(id) ? { ...r, cardholders: r.cardholders.filter((c) => c !== id) } : r,
      );
      groups.forEach((g, i) => g !== policy.groups[i] && putGroup(index, g));
      rules.forEach((r, i) => r !== policy.rules[i] && putRule(index, r));
      return Either.right({
        ...policy,
        cardholders: policy.cardholders.filter((c) => c.id !== id),
        credentials: policy.credentials.filter((c) => c.cardholderId !== id),
        groups,
        rules,
      });
    }
    case "credential":
      if (!index.credentials.has(id)) return unknown("credential", id);
      removeCredential(index, id);
      return Either.right({ ...policy, credentials: policy.credentials.filter((c) => c.id !== id) });
    case "group": {
      if (!index.groups.has(id)) return unknown("group", id);
      removeGroup(index, id);
      const rules = policy.rules.map((r) =>
        r.groups.includes(id) ? { ...r, groups: r.groups.filter((g) => g !== id) } : r,
      );
      rules.forEach((r, i) => r !== policy.rules[i] && putRule(index, r));
      return Either.right({ ...policy, groups: policy.groups.filter((g) => g.id !== id), rules });
    }
    default:
      if (!policy.rules.some((r) => r.id === id)) return unknown("rule", id);
      removeRule(index, id);
      return Either.right({ ...policy, rules: policy.rules.filter((r) => r.id !== id) });
  }
};
