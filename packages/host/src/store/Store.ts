/** The host's persistence in one handle: the database file migrated, the journal, facts and repositories. */
import type { EngineClock } from "@portcullis/engine";
import { ApiTokens } from "./ApiTokens";
import { Checkpointer, type CheckpointOptions } from "./Checkpointer";
import { ConfigEntities } from "./ConfigEntities";
import { Database, type DatabaseOptions } from "./Database";
import { Facts } from "./Facts";
import { Journal, type JournalOptions } from "./Journal";
import { migrate } from "./migrations";
import { SiteDocuments } from "./SiteDocuments";
import { StoredSite } from "./StoredSite";

/** Where the store lives and which clock it runs on. */
export interface StoreOptions extends DatabaseOptions {
  /** The SQLite file (created if absent). */
  readonly path: string;
  /** Batch timers and timestamps (production: `systemClock`). */
  readonly clock: EngineClock;
  /** Journal batching beyond the clock. */
  readonly journal?: Omit<JournalOptions, "clock">;
  /** WAL checkpoints, run off the commit path. */
  readonly checkpoint?: CheckpointOptions;
  /**
   * The key API token secrets are MACed under (the host derives it from the main key); tokens
   * stored by older versions as bare SHA-256 are rekeyed on open. Without it, `tokens` refuses work.
   */
  readonly tokenKey?: Uint8Array;
}

/** An open store. Close it (or use `acquireStore`) to commit the journal's last batch. */
export class Store {
  private constructor(
    readonly db: Database,
    readonly journal: Journal,
    readonly facts: Facts,
    readonly siteDocuments: SiteDocuments,
    readonly entities: ConfigEntities,
    /** The site's configuration, stored entity by entity in `entities`. */
    readonly site: StoredSite,
    readonly tokens: ApiTokens,
    /** Its `errors$` reports checkpoints that failed. */
    readonly checkpointer: Checkpointer,
  ) {}

  /**
   * Opens the file, applies pending migrations, hands WAL checkpoints to a second connection and
   * continues the journal from its head.
   */
  static async open(options: StoreOptions): Promise<Store> {
    const db = await Database.open(options.path, options);
    let checkpointer: Checkpointer | undefined;
    try {
      await migrate(db, options.clock.now());
      checkpointer = await Checkpointer.start(options.path, options.clock, options.checkpoint);
      // A restarted WAL is cut back to 32 MiB, so a burst does not leave a huge file behind.
      await db.exec("PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 33554432;");
      const journal = await Journal.open(db, { ...options.journal, clock: options.clock });
      const tokens = new ApiTokens(db, options.clock, options.tokenKey);
      if (options.tokenKey !== undefined) await tokens.rekeyLegacy();
      const entities = new ConfigEntities(db, options.clock);
      return new Store(
        db,
        journal,
        new Facts(db, journal),
        new SiteDocuments(db, options.clock),
        entities,
        new StoredSite(entities),
        tokens,
        checkpointer,
      );
    } catch (e) {
      await checkpointer?.stop().catch(() => {});
      await db.close().catch(() => {});
      throw e;
    }
  }

  /** Bytes the database's pages in use take (its file less its free pages): what a size limit bounds. */
  async usedBytes(): Promise<number> {
    const row = await this.db.get<{ used: number }>(
      "SELECT (p.page_count - f.freelist_count) * s.page_size AS used FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() s",
    );
    return row?.used ?? 0;
  }

  /** Commits what the journal holds, then closes the database, even if that commit fails. */
  async close(): Promise<void> {
    try {
      await this.journal.close();
    } finally {
      await this.checkpointer.stop();
      // The last connection to close checkpoints the whole WAL into the database file.
      await this.db.close();
    }
  }
}
