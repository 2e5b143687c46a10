/**
 * Site files compared entity by entity. A changed `--config` file against the stored site (issue 10
 * §3): the store is the source of truth once a site runs, so only what the file changed since it
 * was last seen is applied, and a file change that meets a different runtime change to the same
 * entity is a conflict.
 */
import { CONFIG_ENTITY_LOCATION, CONFIG_ENTITY_OF_LIST } from "@portcullis/engine";

/** A site file in its JSON form (`siteFileJson`): site fields at the top, the policy under `policy`. */
export type SiteFileJson = Readonly<Record<string, unknown>>;

/** One entity (`door "lobby"`) or setting (`pin`) of a site file. */
export interface SiteEntityRef {
  /** The `ConfigChanged` entity: `door`, `cardholder`, …, or a setting's key (`pin`, `name`). */
  readonly entity: string;
  /** The entity's id; a setting's own key. */
  readonly id: string;
}

/** How the merge changed the stored site, one entity at a time. */
export interface SiteEntityChange extends SiteEntityRef {
  /** `put` (added or replaced), `remove`, or `set` (a setting). */
  readonly change: "put" | "remove" | "set";
  /** A runtime change to this entity was replaced by the file's (only with `configWins`). */
  readonly overrodeRuntimeChange: boolean;
}

/** The merge's outcome: the site file to run, and what changed in it against the stored one. */
export interface SiteFileMerge {
  readonly merged: SiteFileJson;
  readonly changes: ReadonlyArray<SiteEntityChange>;
}

/** File changes that meet runtime changes of the same entities. */
export interface SiteFileConflict {
  readonly conflicts: ReadonlyArray<SiteEntityRef>;
}

interface Entry {
  readonly ref: SiteEntityRef;
  readonly part: "site" | "policy";
  /** The list key for entities; undefined for a setting. */
  readonly list: string | undefined;
  readonly value: unknown;
  /** The value's JSON: what "the same" means. */
  readonly json: string;
}

/** Every entity and setting of a file, by a key unique across the file. */
const entriesOf = (file: SiteFileJson): Map<string, Entry> => {
  const entries = new Map<string, Entry>();
  const { policy = {}, ...site } = file as Record<string, unknown>;
  const parts: Array<["site" | "policy", Record<string, unknown>]> = [
    ["site", site],
    ["policy", policy as Record<string, unknown>],
  ];
  for (const [part, fields] of parts)
    for (const [key, value] of Object.entries(fields)) {
      const list = CONFIG_ENTITY_OF_LIST.get(key);
      if (list === undefined || !Array.isArray(value)) {
        entries.set(`${part}/${key}`, {
          ref: { entity: key, id: key },
          part,
          list: undefined,
          value,
          json: JSON.stringify(value),
        });
        continue;
      }
      for (const item of value as Array<Record<string, unknown>>) {
        const id = String(item[list.idKey]);
        entries.set(`${part}/${key}/${id}`, {
          ref: { entity: list.entity, id },
          part,
          list: key,
          value: item,
          json: JSON.stringify(item),
        });
      }
    }
  return entries;
};

/** Builds a file from entries, lists in the entries' order; a list left without entries stays, empty. */
const fileOf = (entries: Iterable<Entry>): SiteFileJson => {
  const site: Record<string, unknown> = {};
  const policy: Record<string, unknown> = {};
  for (const location of Object.values(CONFIG_ENTITY_LOCATION))
    (location.part === "site" ? site : policy)[location.key] = [];
  for (const e of entries) {
    const target = e.part === "site" ? site : policy;
    if (e.list === undefined) target[e.ref.entity] = e.value;
    else (target[e.list] as unknown[]).push(e.value);
  }
  return { ...site, policy };
};

/**
 * Merges a changed file into the stored site. For each entity: unchanged in the file since `lastSeen`
 * → the stored one stays (runtime changes survive); changed in the file → the file's, unless a
 * runtime change made the stored one differ from both (a conflict, or with `configWins` the file's,
 * flagged). Without `lastSeen` (a store that kept no copy of its last file) every difference between
 * the file and the store is such a conflict.
 */
export const mergeSiteFile = (options: {
  readonly stored: SiteFileJson;
  readonly lastSeen: SiteFileJson | undefined;
  readonly file: SiteFileJson;
  readonly configWins: boolean;
}):
  | { readonly ok: true; readonly merge: SiteFileMerge }
  | { readonly ok: false; readonly conflict: SiteFileConflict } => {
  const stored = entriesOf(options.stored);
  const lastSeen = options.lastSeen && entriesOf(options.lastSeen);
  const file = entriesOf(options.file);
  const merged = new Map(stored);
  const changes: SiteEntityChange[] = [];
  const conflicts: SiteEntityRef[] = [];
  for (const key of new Set([...stored.keys(), ...file.keys(), ...(lastSeen?.keys() ?? [])])) {
    const s = stored.get(key);
    const n = file.get(key);
    const l = lastSeen === undefined ? s : lastSeen.get(key);
    if (l?.json === n?.json || s?.json === n?.json) continue;
    const runtimeChanged = lastSeen === undefined || s?.json !== l?.json;
    if (runtimeChanged && !options.configWins) {
      conflicts.push((s ?? n ?? l)!.ref);
      continue;
    }
    if (n === undefined) merged.delete(key);
    else merged.set(key, n);
    const ref = (n ?? s)!.ref;
    changes.push({
      ...ref,
      change: (n ?? s)!.list === undefined ? "set" : n === undefined ? "remove" : "put",
      overrodeRuntimeChange: runtimeChanged,
    });
  }
  if (conflicts.length > 0) return { ok: false, conflict: { conflicts } };
  // `merged` keeps the stored order (a door keeps its place) and appends what the file adds.
  return { ok: true, merge: { merged: fileOf(merged.values()), changes } };
};

/** How an entity reads in messages: `door "lobby"`, `setting pin`. */
export const describeEntity = (ref: SiteEntityRef): string =>
  ref.entity === ref.id ? `setting ${ref.entity}` : `${ref.entity} "${ref.id}"`;
