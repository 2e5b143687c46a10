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
  const id = change.op === "remove" ? change.id : field(change.value, "id");
  switch (change.entity) {
    case "cardholder": {
      if (policy.cardholders.find((c) => c.id === id)?.global)
        return readOnly(`cardholder "${String(id)}"`, origin);
      if (change.op === "put" && field(change.value, "global") === true)
        return MultiError.of("GlobalReadOnly", "only the main server creates global cardholders");
      return undefined;
    }
    case "credential": {
      const owners = [
        policy.credentials.find((c) => c.id === id)?.cardholderId,
        change.op === "put" ? field(change.value, "cardholderId") : undefined,
      ];
      const global = owners.find((o) => policy.cardholders.find((c) => c.id === o)?.global);
      return global === undefined ? undefined : readOnly(`cardholder "${String(global)}"`, origin);
    }
    case "group": {
      if (policy.groups.find((g) => g.id === id)?.global) return readOnly(`group "${String(id)}"`, origin);
      if (change.op === "put" && field(change.value, "global") === true)
        return MultiError.of("GlobalReadOnly", "only the main server creates global groups");
      return undefined;
    }
    default:
      return undefined;
  }
};
