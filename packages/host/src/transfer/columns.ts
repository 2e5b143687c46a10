/** The columns of the cardholder CSV: what an import can map a column to, and what an export writes. */

/** Cardholder text fields. */
export const TEXT_FIELDS = ["id", "firstName", "lastName", "email", "photoPath"] as const;
/** Cardholder flags (seed "Add a cardholder", Advanced), written `true` / `false`. */
export const FLAG_FIELDS = [
  "longAccess",
  "suspended",
  "allowDoubleSwipe",
  "exemptFromLockdown",
  "exemptFromAntiPassback",
  "global",
] as const;
/**
 * `groups`: group names separated by `|`. `credentials`: the cardholder's credentials as the site
 * file's JSON (what an export writes: exact, PINs as tags). `cards`, `plates`: numbers or plates
 * separated by `|`; `pin`: a plain PIN — the simple columns of a hand-made file.
 */
export const LIST_FIELDS = ["groups", "credentials", "cards", "pin", "plates"] as const;

/** A standard column. */
export type StandardField =
  (typeof TEXT_FIELDS)[number] | (typeof FLAG_FIELDS)[number] | (typeof LIST_FIELDS)[number];

/** Every standard column name. */
export const STANDARD_FIELDS: ReadonlySet<string> = new Set<string>([
  ...TEXT_FIELDS,
  ...FLAG_FIELDS,
  ...LIST_FIELDS,
]);

/** The separator inside a list cell. */
export const LIST_SEPARATOR = "|";

/** What a column holds: a standard field, or the value of a custom field the site defines. */
export type ColumnField =
  | { readonly kind: "standard"; readonly name: StandardField }
  | { readonly kind: "custom"; readonly name: string };

/** The header an export writes: standard fields, then the site's custom fields. */
export const exportHeader = (customFields: ReadonlyArray<string>): string[] => [
  ...TEXT_FIELDS,
  ...FLAG_FIELDS,
  "groups",
  "credentials",
  ...customFields,
];
