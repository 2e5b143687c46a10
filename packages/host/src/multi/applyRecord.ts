/**
 * What one global record changes on a sub, as configuration changes handed to a sink: the site one
 * change at a time, or a draft that a whole batch goes into before it is put in force at once. Each
 * step compares with what the sub holds, so a record applied twice changes nothing the second time.
 */
import { Schema } from "effect";
import {
  Cardholder as CardholderSchema,
  Credential as CredentialSchema,
  Group as GroupSchema,
  type ConfigChange,
  type Policy,
} from "@portcullis/engine";
import type { Logger } from "../runtime/logger";
import { encodeCardholder, encodeCredential, encodeGroup, type GlobalRecord } from "./GlobalRecord";

/** Takes one change; answers whether it was applied. */
export type ChangeSink = (change: ConfigChange) => boolean;

type Cardholder = Policy["cardholders"][number];
type Credential = Policy["credentials"][number];
type Group = Policy["groups"][number];

/** The sub's people indexed for one batch, kept current as the batch applies. */
export class LocalIndex {
  readonly cardholders = new Map<string, Cardholder>();
  readonly credentials = new Map<string, Credential[]>();
  readonly groups = new Map<string, Group>();

  constructor(policy: Policy) {
    for (const c of policy.cardholders) this.cardholders.set(c.id, c);
    for (const c of policy.credentials) {
      const list = this.credentials.get(c.cardholderId);
      if (list) list.push(c);
      else this.credentials.set(c.cardholderId, [c]);
    }
    for (const g of policy.groups) this.groups.set(g.id, g);
  }
}

const decodeCardholder = Schema.decodeUnknownSync(CardholderSchema);
const decodeCredential = Schema.decodeUnknownSync(CredentialSchema);
const decodeGroup = Schema.decodeUnknownSync(GroupSchema);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Applies `record` through `sink`, keeping `index` current. */
export const applyRecord = (
  index: LocalIndex,
  sink: ChangeSink,
  record: GlobalRecord,
  logger: Logger,
): void => {
  if (record.entity === "group") applyGroup(index, sink, record, logger);
  else applyCardholder(index, sink, record, logger);
};

const applyCardholder = (
  index: LocalIndex,
  sink: ChangeSink,
  record: Extract<GlobalRecord, { entity: "cardholder" }>,
  logger: Logger,
): void => {
  const { id, origin } = record;
  const existing = index.cardholders.get(id);
  if (existing !== undefined && !existing.global) {
    logger.warn("global cardholder not applied: a local cardholder has its id", { id, origin });
    return;
  }
  if (record.value === null) {
    if (existing !== undefined && sink({ op: "remove", entity: "cardholder", id })) {
      index.cardholders.delete(id);
      index.credentials.delete(id);
      for (const [gid, g] of index.groups)
        if (g.members.includes(id))
          index.groups.set(gid, { ...g, members: g.members.filter((m) => m !== id) });
    }
    return;
  }
  if (existing === undefined || !same(encodeCardholder(existing), record.value))
    if (!sink({ op: "put", entity: "cardholder", value: record.value })) return;
  index.cardholders.set(id, decodeCardholder(record.value));
  applyCredentials(index, sink, record);
  for (const gid of record.groups) {
    const g = index.groups.get(gid);
    if (g === undefined || !g.global || g.members.includes(id)) continue;
    const value = { ...encodeGroup(g), members: [...g.members, id] };
    if (sink({ op: "put", entity: "group", value }))
      index.groups.set(gid, { ...g, members: [...g.members, id] });
  }
};

/** Removals first, so a card moved from one credential to another never meets itself. */
const applyCredentials = (
  index: LocalIndex,
  sink: ChangeSink,
  record: Extract<GlobalRecord, { entity: "cardholder" }>,
): void => {
  const current = index.credentials.get(record.id) ?? [];
  const wanted = new Map(record.credentials.map((c) => [(c as { id: string }).id, c]));
  const kept: Credential[] = [];
  for (const c of current)
    if (wanted.has(c.id)) kept.push(c);
    else if (!sink({ op: "remove", entity: "credential", id: c.id })) kept.push(c);
  const byId = new Map(kept.map((c) => [c.id, c]));
  for (const [cid, value] of wanted) {
    const had = byId.get(cid);
    if (had !== undefined && same(encodeCredential(had), value)) continue;
    if (sink({ op: "put", entity: "credential", value })) byId.set(cid, decodeCredential(value));
  }
  index.credentials.set(record.id, [...byId.values()]);
};

const applyGroup = (
  index: LocalIndex,
  sink: ChangeSink,
  record: Extract<GlobalRecord, { entity: "group" }>,
  logger: Logger,
): void => {
  const { id, origin } = record;
  const existing = index.groups.get(id);
  if (existing !== undefined && !existing.global) {
    logger.warn("global group not applied: a local group has its id", { id, origin });
    return;
  }
  if (record.value === null) {
    if (existing !== undefined && sink({ op: "remove", entity: "group", id })) index.groups.delete(id);
    return;
  }
  const value = record.value as { members?: string[] };
  // Members not here yet join when their own record arrives (it lists this group).
  const members = (value.members ?? []).filter((m) => index.cardholders.has(m));
  const wanted = { ...value, members };
  if (existing !== undefined && same(encodeGroup(existing), wanted)) return;
  if (sink({ op: "put", entity: "group", value: wanted })) index.groups.set(id, decodeGroup(wanted));
};
