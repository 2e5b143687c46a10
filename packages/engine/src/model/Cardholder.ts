/** Cardholders: the people the access decision is about (seed "Add a cardholder", DESIGN §3). */
import { Schema } from "effect";
import type { ConfigIssue } from "../errors";

/** Seed "Access management settings": "You can add up to 6 custom fields". */
export const MAX_CUSTOM_FIELDS = 6;

const flag = Schema.optionalWith(Schema.Boolean, { default: () => false });

/** One custom cardholder field, as named in the access-management settings. */
export const CustomField = Schema.Struct({ name: Schema.NonEmptyString, value: Schema.String });
export type CustomField = typeof CustomField.Type;

/** A cardholder with the seed's "Advanced" flags. */
export const Cardholder = Schema.Struct({
  id: Schema.NonEmptyString,
  firstName: Schema.String,
  lastName: Schema.String,
  email: Schema.optional(Schema.String),
  photoPath: Schema.optional(Schema.String),
  customFields: Schema.optionalWith(Schema.Array(CustomField).pipe(Schema.maxItems(MAX_CUSTOM_FIELDS)), {
    default: () => [],
  }),
  /** Long access time and long open-too-long time at every door. */
  longAccess: flag,
  /** Suspended: every credential is denied `CredentialNotEnabled`. */
  suspended: flag,
  allowDoubleSwipe: flag,
  exemptFromLockdown: flag,
  exemptFromAntiPassback: flag,
  /** Visible on sub servers (multi-server); no effect on decisions. */
  global: flag,
});
export type Cardholder = typeof Cardholder.Type;

/** The site's custom cardholder field names (seed "Access management settings"): defined once, up to six. */
export const CustomFieldNames = Schema.Array(Schema.NonEmptyString).pipe(Schema.maxItems(MAX_CUSTOM_FIELDS));

/**
 * A cardholder's custom fields must be among the site's names, each at most once: a value under a
 * name nobody defined would show in no report. `prefix` is the cardholder's field path.
 */
export const customFieldIssues = (
  cardholder: Cardholder,
  names: ReadonlyArray<string>,
  prefix: string,
): ConfigIssue[] => {
  const seen = new Set<string>();
  return cardholder.customFields.flatMap(({ name }, i) => {
    const field = `${prefix}customFields[${i}].name`;
    if (!names.includes(name))
      return [
        {
          field,
          message: `unknown custom field "${name}"; the site defines ${names.length === 0 ? "none" : names.map((n) => `"${n}"`).join(", ")}`,
        },
      ];
    if (seen.has(name)) return [{ field, message: `custom field "${name}" is given twice` }];
    seen.add(name);
    return [];
  });
};
