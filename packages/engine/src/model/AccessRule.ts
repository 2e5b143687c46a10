/** Access rules: who (cardholders, groups) × where (doors, zones) × when (schedules) (seed "Add an access rule"). */
import { Schema } from "effect";

const ids = Schema.optionalWith(Schema.Array(Schema.NonEmptyString), { default: () => [] });

/** An access rule; its schedules unite. */
export const AccessRule = Schema.Struct({
  id: Schema.NonEmptyString,
  name: Schema.String,
  cardholders: ids,
  groups: ids,
  doors: ids,
  zones: ids,
  schedules: ids,
});
export type AccessRule = typeof AccessRule.Type;

/** Which of the three parts a rule lacks. */
export type MissingPart = "who" | "where" | "when";

/** The parts a rule lacks; an empty list means the rule is complete and may grant. */
export const missingParts = (rule: AccessRule): MissingPart[] => {
  const missing: MissingPart[] = [];
  if (rule.cardholders.length === 0 && rule.groups.length === 0) missing.push("who");
  if (rule.doors.length === 0 && rule.zones.length === 0) missing.push("where");
  if (rule.schedules.length === 0) missing.push("when");
  return missing;
};

/** An incomplete rule and what it lacks (the seed's "Incomplete" tab). */
export interface IncompleteRule {
  readonly ruleId: string;
  readonly missing: ReadonlyArray<MissingPart>;
}

/** Every incomplete rule of a policy; such rules never grant. */
export const incompleteRules = (policy: { readonly rules: ReadonlyArray<AccessRule> }): IncompleteRule[] =>
  policy.rules.flatMap((rule) => {
    const missing = missingParts(rule);
    return missing.length === 0 ? [] : [{ ruleId: rule.id, missing }];
  });
