/** Configuration entities (cardholders, credentials, doors, …) as JSON rows by kind and id, with an undoable history. */
import type { EngineClock } from "@portcullis/engine";
import { fromJson, toJson } from "./bigintJson";
import type { Database, Executor } from "./Database";
import { MultiRowStatement, ROWS_PER_STATEMENT } from "./multiRow";

/** One stored entity. `value` is as it was written, bigints included. */
export interface ConfigEntity {
  readonly kind: string;
  readonly id: string;
  readonly value: unknown;
  /** The change set that last wrote it. */
  readonly revision: number;
}

/** One change of a change set: `value` undefined deletes the entity. */
export interface ConfigChange {
  readonly kind: string;
  readonly id: string;
  readonly value: unknown;
}

/** What a change set did to one entity; `before`/`after` undefined = absent. */
export interface ConfigHistoryEntry {
  readonly revision: number;
  readonly kind: string;
  readonly id: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: number;
  readonly by: string;
}

interface EntityRow {
  kind: string;
  id: string;
  json: string;
  revision: number;
}

const toEntity = (r: EntityRow): ConfigEntity => ({
  kind: r.kind,
  id: r.id,
  value: fromJson(r.json),
  revision: r.revision,
});
const parse = (json: string | null): unknown => (json === null ? undefined : fromJson(json));

const insertRows = new MultiRowStatement(
  "INSERT INTO config_entities (kind, id, json, revision, position) VALUES",
  5,
);

/**
 * The configuration store of record. Every write is a change set: one revision number for all its
 * changes, all-or-nothing, recorded with each entity's before and after, so an import can be undone
 * with `revertTo`. Each kind keeps its entities in the order they were added (`position`).
 */
export class ConfigEntities {
  constructor(
    private readonly db: Database,
    private readonly clock: EngineClock,
  ) {}

  /** The latest change set's revision (0 before any change). */
  async revision(): Promise<number> {
    const row = await this.db.get<{ r: number | null }>("SELECT max(revision) AS r FROM config_history");
    return row?.r ?? 0;
  }

  /** One entity, if it exists. */
  async get(kind: string, id: string): Promise<ConfigEntity | undefined> {
    const row = await this.db.get<EntityRow>(
      "SELECT kind, id, json, revision FROM config_entities WHERE kind = ? AND id = ?",
      [kind, id],
    );
    return row && toEntity(row);
  }

  /**
   * Every entity's value by kind, each kind in the order added: one JSON text per kind, built by
   * SQLite in one scan of the table's (kind, position) order, so loading 100 000 cardholders is one
   * parse rather than one per row, and no sort.
   */
  async all(): Promise<Map<string, unknown[]>> {
    const rows = await this.db.all<{ kind: string; list: string }>(
      "SELECT kind, '[' || group_concat(json, ',') || ']' AS list FROM config_entities GROUP BY kind",
    );
    return new Map(rows.map((r) => [r.kind, fromJson(r.list) as unknown[]]));
  }

  /**
   * Replaces every entity with `entities` (each kind in the given order), as a start from a new site
   * file does; not in the history, which a later `revertTo` cannot go behind.
   */
  replaceAll(entities: ReadonlyArray<ConfigChange>): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.run("DELETE FROM config_entities");
      const positions = new Map<string, number>();
      // Serialised one statement's rows at a time: a 100 000-cardholder site serialised at once held
      // the event loop, and every card presented meanwhile, for over a second.
      for (let i = 0; i < entities.length; i += ROWS_PER_STATEMENT) {
        const values: Array<string | number> = [];
        for (const e of entities.slice(i, i + ROWS_PER_STATEMENT)) {
          const position = positions.get(e.kind) ?? 0;
          positions.set(e.kind, position + 1);
          values.push(e.kind, e.id, toJson(e.value), 0, position);
        }
        await insertRows.run(tx, values);
      }
    });
  }

  /** Every entity of a kind, by id. */
  async list(kind: string): Promise<ConfigEntity[]> {
    const rows = await this.db.all<EntityRow>(
      "SELECT kind, id, json, revision FROM config_entities WHERE kind = ? ORDER BY id",
      [kind],
    );
    return rows.map(toEntity);
  }

  /** Creates or replaces one entity; returns the change set's revision. */
  upsert(kind: string, id: string, value: unknown, by: string): Promise<number> {
    return this.apply([{ kind, id, value }], by);
  }

  /** Deletes one entity; returns the change set's revision. */
  remove(kind: string, id: string, by: string): Promise<number> {
    return this.apply([{ kind, id, value: undefined }], by);
  }

  /**
   * Applies `changes` as one change set in one transaction and returns its revision (the current
   * one if nothing changed). A later change to the same entity in the set wins.
   */
  apply(changes: ReadonlyArray<ConfigChange>, by: string): Promise<number> {
    return this.db.transaction((tx) => applyIn(tx, changes, by, this.clock.now()));
  }

  /** The change sets after `revision`, oldest first. */
  async history(sinceRevision = 0): Promise<ConfigHistoryEntry[]> {
    const rows = await this.db.all<{
      revision: number;
      kind: string;
      id: string;
      before: string | null;
      after: string | null;
      at: number;
      by: string;
    }>(
      `SELECT revision, kind, id, before, after, at, by FROM config_history
       WHERE revision > ? ORDER BY revision, kind, id`,
      [sinceRevision],
    );
    return rows.map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) }));
  }

  /**
   * Undoes every change set after `revision` by writing, as a new change set, each touched entity's
   * state at that revision. The undo is itself in the history, so it can be undone too.
   */
  revertTo(revision: number, by: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.all<{ kind: string; id: string; before: string | null }>(
        "SELECT kind, id, before FROM config_history WHERE revision > ? ORDER BY revision",
        [revision],
      );
      // The first change after `revision` holds, as its `before`, the state at `revision`.
      const atRevision = new Map<string, ConfigChange>();
      for (const r of rows) {
        const key = `${r.kind}\0${r.id}`;
        if (!atRevision.has(key)) atRevision.set(key, { kind: r.kind, id: r.id, value: parse(r.before) });
      }
      return applyIn(tx, [...atRevision.values()], by, this.clock.now());
    });
  }
}

const applyIn = async (
  tx: Executor,
  changes: ReadonlyArray<ConfigChange>,
  by: string,
  at: number,
): Promise<number> => {
  const row = await tx.get<{ r: number | null }>("SELECT max(revision) AS r FROM config_history");
  const revision = (row?.r ?? 0) + 1;
  let changed = false;
  for (const c of changes) {
    const before = await tx.get<{ json: string }>(
      "SELECT json FROM config_entities WHERE kind = ? AND id = ?",
      [c.kind, c.id],
    );
    const after = c.value === undefined ? null : toJson(c.value);
    if (before?.json === after || (before === undefined && after === null)) continue;
    if (after === null) await tx.run("DELETE FROM config_entities WHERE kind = ? AND id = ?", [c.kind, c.id]);
    else if (before !== undefined)
      await tx.run("UPDATE config_entities SET json = ?, revision = ? WHERE kind = ? AND id = ?", [
        after,
        revision,
        c.kind,
        c.id,
      ]);
    else
      // A new entity goes after the others of its kind, as it does in the running site's lists.
      await tx.run(
        `INSERT INTO config_entities (kind, id, json, revision, position) VALUES (?, ?, ?, ?,
           (SELECT coalesce(max(position), -1) + 1 FROM config_entities WHERE kind = ?))`,
        [c.kind, c.id, after, revision, c.kind],
      );
    // A second change of the same entity in one set keeps the first `before`.
    await tx.run(
      `INSERT INTO config_history (revision, kind, id, before, after, at, by) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (revision, kind, id) DO UPDATE SET after = excluded.after`,
      [revision, c.kind, c.id, before?.json ?? null, after, at, by],
    );
    changed = true;
  }
  return changed ? revision : revision - 1;
};
