/**
 * The configuration saved before a cardholder import (seed "Undo import"): the whole site file,
 * hardware included, in the database, so an undo still works after a restart. Each import replaces
 * the one saved before it.
 */
import type { Database } from "../store";

/** A saved undo point. */
export interface UndoPoint {
  /** The site file (its JSON form) as it was before the import. */
  readonly file: Record<string, unknown>;
  readonly savedAt: number;
  readonly savedBy: string;
}

/** The one undo point of a site. */
export class ImportUndo {
  constructor(
    private readonly db: Pick<Database, "run" | "get">,
    private readonly now: () => number,
  ) {}

  /** The undo point, if an import saved one that was not undone yet. */
  async get(): Promise<UndoPoint | undefined> {
    const row = await this.db.get<{ json: string; saved_at: number; saved_by: string }>(
      "SELECT json, saved_at, saved_by FROM import_undo WHERE slot = 1",
    );
    return (
      row && { file: JSON.parse(row.json) as UndoPoint["file"], savedAt: row.saved_at, savedBy: row.saved_by }
    );
  }

  /** Saves `file` as the undo point, replacing the previous one. */
  save(file: Record<string, unknown>, by: string): Promise<void> {
    return this.restore({ file, savedAt: this.now(), savedBy: by });
  }

  /** Puts back a point read with {@link get} (an import that failed after saving), or clears it. */
  async restore(point: UndoPoint | undefined): Promise<void> {
    if (point === undefined) await this.db.run("DELETE FROM import_undo WHERE slot = 1");
    else
      await this.db.run(
        `INSERT INTO import_undo (slot, json, saved_at, saved_by) VALUES (1, ?, ?, ?)
         ON CONFLICT (slot) DO UPDATE SET json = excluded.json, saved_at = excluded.saved_at,
         saved_by = excluded.saved_by`,
        [JSON.stringify(point.file), point.savedAt, point.savedBy],
      );
  }
}
