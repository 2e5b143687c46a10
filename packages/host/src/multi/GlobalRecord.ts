/**
 * What the main publishes per global entity, and what a sub applies: the entity as the site file
 * holds it, or `null` once it is gone or no longer global. A cardholder's record carries their
 * credentials and the global groups they belong to, so a sub applies each record whole, whatever
 * the order compaction of the stream left them in.
 */
import { createHash } from "node:crypto";
import { Schema } from "effect";
import { Cardholder, Credential, Group, type Policy } from "@portcullis/engine";
import { globalSubject, type GlobalEntity } from "./subjects";

/** One global entity's state. */
export type GlobalRecord =
  | {
      readonly entity: "cardholder";
      readonly id: string;
      /** The main's site name, shown on subs as the origin. */
      readonly origin: string;
      readonly value: unknown;
      readonly credentials: ReadonlyArray<unknown>;
      readonly groups: ReadonlyArray<string>;
    }
  | { readonly entity: "group"; readonly id: string; readonly origin: string; readonly value: unknown };

export const encodeCardholder = Schema.encodeSync(Cardholder);
export const encodeCredential = Schema.encodeSync(Credential);
export const encodeGroup = Schema.encodeSync(Group);

/** The hash a main keeps of what it published. */
export const recordHash = (record: GlobalRecord): string =>
  createHash("sha256").update(JSON.stringify(record)).digest("base64url");

/** The subject a record is published on. */
export const recordSubject = (record: { readonly entity: GlobalEntity; readonly id: string }): string =>
  globalSubject(record.entity, record.id);

/**
 * The main's policy indexed for building records. PIN credentials stay behind: their tags are
 * keyed by the main's own key, which no sub holds.
 */
export class GlobalIndex {
  private readonly cardholders = new Map<string, Policy["cardholders"][number]>();
  private readonly groups = new Map<string, Policy["groups"][number]>();
  private readonly credentials = new Map<string, Array<Policy["credentials"][number]>>();
  private readonly groupsOf = new Map<string, string[]>();

  constructor(
    policy: Policy,
    private readonly origin: string,
  ) {
    for (const c of policy.cardholders) this.cardholders.set(c.id, c);
    for (const c of policy.credentials) {
      if (c.kind === "pin") continue;
      const list = this.credentials.get(c.cardholderId);
      if (list) list.push(c);
      else this.credentials.set(c.cardholderId, [c]);
    }
    for (const g of policy.groups) {
      this.groups.set(g.id, g);
      if (!g.global) continue;
      for (const m of g.members) {
        const list = this.groupsOf.get(m);
        if (list) list.push(g.id);
        else this.groupsOf.set(m, [g.id]);
      }
    }
  }

  /** The record of a cardholder or group as the main holds it now. */
  record(entity: GlobalEntity, id: string): GlobalRecord {
    if (entity === "group") {
      const g = this.groups.get(id);
      return { entity, id, origin: this.origin, value: g?.global ? encodeGroup(g) : null };
    }
    const c = this.cardholders.get(id);
    return c?.global
      ? {
          entity,
          id,
          origin: this.origin,
          value: encodeCardholder(c),
          credentials: (this.credentials.get(id) ?? []).map((x) => encodeCredential(x)),
          groups: this.groupsOf.get(id) ?? [],
        }
      : { entity, id, origin: this.origin, value: null, credentials: [], groups: [] };
  }

  /** Every global cardholder and group. */
  globals(): Array<{ entity: GlobalEntity; id: string }> {
    const out: Array<{ entity: GlobalEntity; id: string }> = [];
    for (const c of this.cardholders.values()) if (c.global) out.push({ entity: "cardholder", id: c.id });
    for (const g of this.groups.values()) if (g.global) out.push({ entity: "group", id: g.id });
    return out;
  }
}
