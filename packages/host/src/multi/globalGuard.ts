/**
 * On a sub, the main's global cardholders, their credentials and global groups are read-only: a
 * local edit of one is refused, and so is a local entity marked global (only a main makes them).
 * Local groups and rules may still name global cardholders and groups.
 */
import type { ConfigChange, Policy } from "@portcullis/engine";
import { MultiError } from "./MultiError";

const readOnly = (what: string, origin: string | undefined) =>
  MultiError.of(
    "GlobalReadOnly",
    `${what} is global: it is managed on the main server${origin === undefined ? "" : ` "${origin}"`}`,
  );

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** Why `change` may not be made locally on a sub, or `undefined` if it may. */
export const refuseLocalEdit = (
  change: ConfigChange,
  policy: Policy,
  origin: string | undefined,
): MultiError | undefined => {
  if (change.op === "set") return undefined;
  if (change.op === "replace") return refuseReplacement(change.value, policy, origin);
  const id = change.op === "put" ? field(change.value, "id") : change.id;
  // What the change would make of the entity: a put's value, a patch's fields.
  const given = change.op === "put" ? change.value : change.op === "patch" ? change.fields : undefined;
  switch (change.entity) {
    case "cardholder": {
      if (policy.cardholders.find((c) => c.id === id)?.global)
        return readOnly(`cardholder "${String(id)}"`, origin);
      if (field(given, "global") === true)
        return MultiError.of("GlobalReadOnly", "only the main server creates global cardholders");
      return undefined;
    }
    case "credential": {
      const owners = [
        policy.credentials.find((c) => c.id === id)?.cardholderId,
        field(given, "cardholderId"),
      ];
      const global = owners.find((o) => policy.cardholders.find((c) => c.id === o)?.global);
      return global === undefined ? undefined : readOnly(`cardholder "${String(global)}"`, origin);
    }
    case "group": {
      if (policy.groups.find((g) => g.id === id)?.global) return readOnly(`group "${String(id)}"`, origin);
      if (field(given, "global") === true)
        return MultiError.of("GlobalReadOnly", "only the main server creates global groups");
      return undefined;
    }
    default:
      return undefined;
  }
};

/**
 * A whole-site replacement (a cardholder import, its undo) must keep every global cardholder and group, still
 * global: the main manages them. Their content is the main's to change; an import that rewrites one is not caught
 * here and is overwritten by the main's next change to it.
 */
const refuseReplacement = (
  value: unknown,
  policy: Policy,
  origin: string | undefined,
): MultiError | undefined => {
  const next = field(value, "policy");
  const kept = (key: string, id: string) =>
    ((field(next, key) as ReadonlyArray<unknown> | undefined) ?? []).some(
      (e) => field(e, "id") === id && field(e, "global") === true,
    );
  const cardholder = policy.cardholders.find((c) => c.global && !kept("cardholders", c.id));
  if (cardholder !== undefined) return readOnly(`cardholder "${cardholder.id}"`, origin);
  const group = policy.groups.find((g) => g.global && !kept("groups", g.id));
  return group === undefined ? undefined : readOnly(`group "${group.id}"`, origin);
};
