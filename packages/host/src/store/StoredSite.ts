/**
 * The running site's configuration as `ConfigEntities` rows: one row per entity (kind = the
 * `ConfigChanged` entity), plus the site's and the policy's other fields as the rows `site` and
 * `policy`. Values are stored as decoded (bigints kept), so a start reads them without validating.
 */
import { CONFIG_ENTITY_LOCATION, type ConfigEntity, findEntity, type SiteState } from "@portcullis/engine";
import type { ConfigChange, ConfigEntities } from "./ConfigEntities";

/** An entity or setting a `ConfigChanged` names. */
export interface ChangedRef {
  readonly entity: string;
  readonly id: string;
}

type Doc = Record<string, unknown>;

const LOCATIONS = Object.entries(CONFIG_ENTITY_LOCATION) as Array<
  [ConfigEntity, (typeof CONFIG_ENTITY_LOCATION)[ConfigEntity]]
>;
const LIST_KEYS = {
  site: new Set(LOCATIONS.filter(([, l]) => l.part === "site").map(([, l]) => l.key)),
  policy: new Set(LOCATIONS.filter(([, l]) => l.part === "policy").map(([, l]) => l.key)),
};

/** A part's fields other than its entity lists: the `site` or `policy` settings row. */
const settingsOf = (part: "site" | "policy", value: object): Doc =>
  Object.fromEntries(Object.entries(value).filter(([k]) => !LIST_KEYS[part].has(k)));

const isEntity = (entity: string): entity is ConfigEntity => entity in CONFIG_ENTITY_LOCATION;

/** Reads and writes a site through `ConfigEntities`. */
export class StoredSite {
  constructor(private readonly entities: ConfigEntities) {}

  /** The stored site, if one was ever stored. */
  async load(): Promise<SiteState | undefined> {
    const kinds = await this.entities.all();
    const [site] = (kinds.get("site") ?? []) as Doc[];
    const [policy] = (kinds.get("policy") ?? []) as Doc[];
    if (site === undefined || policy === undefined) return undefined;
    const parts = { site: { ...site }, policy: { ...policy } };
    for (const [entity, { part, key }] of LOCATIONS) parts[part][key] = kinds.get(entity) ?? [];
    return parts as unknown as SiteState;
  }

  /** Stores `state` as the whole site (a first start, a changed site file). */
  replace(state: SiteState): Promise<void> {
    const rows: ConfigChange[] = [
      { kind: "site", id: "site", value: settingsOf("site", state.site) },
      { kind: "policy", id: "policy", value: settingsOf("policy", state.policy) },
    ];
    for (const [entity, { part, key, id }] of LOCATIONS)
      for (const item of (state[part] as unknown as Record<string, ReadonlyArray<Doc>>)[key] ?? [])
        rows.push({ kind: entity, id: String(item[id]), value: item });
    return this.entities.replaceAll(rows);
  }

  /**
   * Writes what `changed` names as it is in `state` now (an entity no longer there is deleted), as
   * one change set by `by`; returns its revision. A setting (`pin`, `cardFormats`, `name`, …)
   * writes its part's settings row.
   */
  write(state: SiteState, changed: ReadonlyArray<ChangedRef>, by: string): Promise<number> {
    const rows = new Map<string, ConfigChange>();
    for (const { entity, id } of changed) {
      if (isEntity(entity)) {
        rows.set(`${entity}\0${id}`, {
          kind: entity,
          id,
          value: findEntity(state.site, state.policy, entity, id),
        });
        continue;
      }
      const part = entity in state.policy ? "policy" : "site";
      rows.set(part, { kind: part, id: part, value: settingsOf(part, state[part]) });
    }
    return this.entities.apply([...rows.values()], by);
  }
}
