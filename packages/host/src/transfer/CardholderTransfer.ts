/**
 * Cardholder import, export and undo import (seed "Import and export") on a running site: an
 * import is read and checked whole, the configuration is saved as the undo point, and the result
 * goes through the host's configuration path as one change — all or nothing.
 */
import { randomUUID } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import {
  type ConfigApplied,
  type ConfigChange,
  type ConfigError,
  type ConfigIssue,
  type ConfigOptions,
  type ConfigRefused,
  type Policy,
  type SiteConfig,
  siteFileJson,
} from "@portcullis/engine";
import { stringify } from "csv-stringify/sync";
import { Either } from "effect";
import { readCsvRows } from "./csvRows";
import { exportTable, type ExportProgress, writeExport } from "./exportCsv";
import { ImportError, type ImportIssue, NoImportToUndo } from "./ImportError";
import type { ImportOptions } from "./ImportOptions";
import { ImportUndo } from "./ImportUndo";
import { ImportUploads } from "./ImportUploads";
import type { Database } from "../store";
import { checkPhotos } from "./importPhotos";
import { type ImportPlan, planImport } from "./planImport";

/** A configuration change that could not be stored, and was undone (the host's `ConfigNotStored`). */
export interface NotStored {
  readonly _tag: "ConfigNotStored";
  readonly message: string;
}

/** Applies one configuration change and resolves once it is stored (the host's `ConfigWriter.configure`). */
export type Configure = (
  change: ConfigChange,
  by: string,
  options?: ConfigOptions,
) => Promise<Either.Either<ConfigApplied, ConfigError | ConfigRefused | NotStored>>;

/** What an import did. */
export interface ImportResult {
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  readonly warnings: ReadonlyArray<ConfigIssue>;
}

/** Where an import is: reading the file (records and bytes so far), then applying it. */
export type ImportProgress = (
  step:
    { readonly phase: "read"; readonly rows: number; readonly bytes: number } | { readonly phase: "apply" },
) => void;

/** The `ConfigChanged` ids of an import and its undo. */
const IMPORT = "import";
const UNDO_IMPORT = "undo import";

/**
 * The transfer of a running host: its site, its configuration path, the undo point in its
 * database, its photo directory.
 */
export const hostTransfer = (
  host: {
    readonly site: { readonly config: SiteConfig; readonly policy: Policy; now(): number };
    readonly config: { readonly configure: Configure };
    readonly store: { readonly db: Pick<Database, "run" | "get"> };
  },
  photoDir: string,
): CardholderTransfer =>
  new CardholderTransfer(
    host.site,
    (change, by, options) => host.config.configure(change, by, options),
    new ImportUndo(host.store.db, () => host.site.now()),
    photoDir,
    new ImportUploads(() => host.site.now()),
  );

/** Import, export and undo import over one site. */
export class CardholderTransfer {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly site: { readonly config: SiteConfig; readonly policy: Policy },
    private readonly configure: Configure,
    private readonly undo: ImportUndo,
    private readonly photoDir: string,
    /** Files sent over the WebSocket in parts, waiting for their import. */
    readonly uploads: ImportUploads,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** One transfer at a time: an undo point belongs to one import. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => {});
    return result;
  }

  /**
   * Imports `source` (a CSV byte stream or text) by `by`. Every bad row — a photo the host cannot
   * read included — is reported with its line and column and nothing changes; otherwise the
   * configuration as it was becomes the undo point.
   */
  import(
    source: Readable | string | Uint8Array,
    options: ImportOptions,
    by: string,
    progress: ImportProgress = () => {},
  ): Promise<Either.Either<ImportResult, ImportError | NotStored>> {
    return this.serial(async () => {
      const rows = await readCsvRows(source, options, (rows, bytes) =>
        progress({ phase: "read", rows, bytes }),
      );
      if (rows instanceof ImportError) return Either.left(rows);
      progress({ phase: "apply" });
      const previous = await this.undo.get();
      let plan: ImportPlan;
      for (;;) {
        const { config, policy } = this.site;
        const before = siteFileJson(config, policy);
        const planned = planImport(before, rows, options, this.newId);
        if (Array.isArray(planned)) return Either.left(ImportError.of(planned));
        const unreadable = await checkPhotos(this.photoDir, planned.photos);
        if (unreadable.length > 0) return Either.left(ImportError.of(unreadable));
        await this.undo.save(before, by);
        plan = planned;
        // A change applied while the undo point was written would be overwritten: plan again over it.
        if (this.site.config === config && this.site.policy === policy) break;
      }
      const applied = await this.configure(
        { op: "replace", entity: "site", id: IMPORT, value: plan.file },
        by,
      );
      if (Either.isLeft(applied)) {
        await this.undo.restore(previous);
        const e = applied.left;
        return Either.left(
          e._tag === "ConfigRefused"
            ? ImportError.of([{ line: 0, field: "", message: e.message }])
            : e._tag === "ConfigError"
              ? ImportError.of(
                  e.issues.map((i): ImportIssue => {
                    const line = plan.lineOf(i.field);
                    return {
                      line,
                      field: line > 0 ? i.field.replace(/^policy\.\w+\[\d+\]\.?/, "") || "row" : i.field,
                      message: i.message,
                    };
                  }),
                )
              : e,
        );
      }
      return Either.right({
        added: plan.added,
        updated: plan.updated,
        removed: plan.removed,
        warnings: applied.right.warnings,
      });
    });
  }

  /** Puts back cardholders and hardware configuration as they were before the last import (seed "Undo import"). */
  undoImport(
    by: string,
  ): Promise<
    Either.Either<ReadonlyArray<ConfigIssue>, NoImportToUndo | ConfigError | ConfigRefused | NotStored>
  > {
    return this.serial(async () => {
      const point = await this.undo.get();
      if (point === undefined)
        return Either.left(
          new NoImportToUndo({ message: "no import to undo: none was made, or it was undone" }),
        );
      // Back to a configuration that was in force: nothing it restores may be refused as a loss.
      const applied = await this.configure(
        { op: "replace", entity: "site", id: UNDO_IMPORT, value: point.file },
        by,
        { force: true },
      );
      if (Either.isRight(applied)) await this.undo.restore(undefined);
      return Either.map(applied, (a) => a.warnings);
    });
  }

  /** The cardholders as CSV text (seed "Export cardholders"). */
  exportCsv(): string {
    return stringify([...exportTable(siteFileJson(this.site.config, this.site.policy)).rows]);
  }

  /** Writes the cardholders as CSV to `out`, streaming; resolves with the number of cardholders. */
  exportTo(out: Writable, progress?: ExportProgress): Promise<number> {
    return writeExport(siteFileJson(this.site.config, this.site.policy), out, progress);
  }
}
