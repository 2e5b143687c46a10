/**
 * Named configuration documents as JSON, with a revision for optimistic updates: the last `--config`
 * file seen and its source. (The site itself is stored entity by entity: `StoredSite`.)
 */
import type { EngineClock } from "@portcullis/engine";
import { Data } from "effect";
import { replaceBigInt, reviveBigInts } from "./bigintJson";
import type { Database } from "./Database";

/** A stored document: a JSON value, in which bigints survive. */
export interface SiteDocument {
  readonly name: string;
  readonly revision: number;
  readonly value: unknown;
  readonly updatedAt: number;
}

/** A `put` expected another revision: someone saved the document in between. */
export class RevisionConflict extends Data.TaggedError("RevisionConflict")<{
  readonly name: string;
  readonly expected: number;
  readonly actual: number;
}> {}

/** The default document name; before migration 7 the whole site was stored under it. */
export const SITE_DOCUMENT = "site";

/** Reads and writes named configuration documents. */
export class SiteDocuments {
  constructor(
    private readonly db: Database,
    private readonly clock: EngineClock,
  ) {}

  /** The document, if it was ever saved. */
  async get(name = SITE_DOCUMENT): Promise<SiteDocument | undefined> {
    const row = await this.db.get<{ revision: number; json: string; updated_at: number }>(
      "SELECT revision, json, updated_at FROM site_documents WHERE name = ?",
      [name],
    );
    return (
      row && {
        name,
        revision: row.revision,
        value: reviveBigInts(JSON.parse(row.json)),
        updatedAt: row.updated_at,
      }
    );
  }

  /**
   * Saves `value` as the next revision and returns it. With `expectedRevision` (0 = not saved
   * yet) the save is refused with `RevisionConflict` unless that is the stored revision.
   */
  put(
    value: unknown,
    options: { readonly name?: string; readonly expectedRevision?: number } = {},
  ): Promise<number> {
    const name = options.name ?? SITE_DOCUMENT;
    const json = JSON.stringify(value, replaceBigInt);
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ revision: number }>("SELECT revision FROM site_documents WHERE name = ?", [
        name,
      ]);
      const actual = row?.revision ?? 0;
      if (options.expectedRevision !== undefined && options.expectedRevision !== actual)
        throw new RevisionConflict({ name, expected: options.expectedRevision, actual });
      await tx.run(
        `INSERT INTO site_documents (name, revision, json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET revision = excluded.revision, json = excluded.json,
         updated_at = excluded.updated_at`,
        [name, actual + 1, json, this.clock.now()],
      );
      return actual + 1;
    });
  }
}
