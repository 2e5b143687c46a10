/** Cardholder groups: access rules name groups to manage many cardholders at once (seed "Add a group"). */
import { Schema } from "effect";

/** A group of cardholders; `members` are cardholder ids. */
export const Group = Schema.Struct({
  id: Schema.NonEmptyString,
  name: Schema.String,
  initials: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(2))),
  global: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  members: Schema.optionalWith(Schema.Array(Schema.NonEmptyString), { default: () => [] }),
});
export type Group = typeof Group.Type;
