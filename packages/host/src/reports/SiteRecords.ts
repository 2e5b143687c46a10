/**
 * What a site keeps on record and reports on, in one handle over its store: the configuration
 * reports, the event history, roll calls and musters. The running host opens it live (following
 * the journal, zones' presence from the actors); the CLI opens it over a data directory's stored
 * site, without a host.
 */
import { Either } from "effect";
import type { Policy, SiteConfig } from "@portcullis/engine";
import type { Store } from "../store";
import { EventHistory } from "../history/EventHistory";
import type { EventQuery } from "../history/EventQuery";
import { EVENT_CSV_HEADER, eventRow } from "../history/eventsCsv";
import { JournalBlooms } from "../history/JournalBlooms";
import { type MusterError } from "../mustering/MusterError";
import { Musters } from "../mustering/Musters";
import {
  presenceAt,
  rollCall,
  type RollCall,
  type RollCallScope,
  type ZonePresence,
} from "../mustering/rollCall";
import { configurationReport, type ConfigurationReportName, type ReportTable } from "./configurationReports";
import { rowsCsv, tableCsv } from "./csv";
import { SiteNames } from "./SiteNames";

/** The site as records read it; `zone` (live presence) only where the actors run. */
export interface RecordsSite {
  readonly config: SiteConfig;
  readonly policy: Policy;
  zone?(
    zoneId: string,
  ): ReadonlyArray<{ readonly cardholderId: string; readonly enteredAt: number }> | undefined;
}

/** Rows per page of an export. */
const EXPORT_PAGE = 1_000;

/** A site's records over its store. */
export class SiteRecords {
  private constructor(
    private readonly store: Store,
    private readonly site: RecordsSite,
    private readonly blooms: JournalBlooms,
    readonly history: EventHistory,
    readonly musters: Musters,
    private readonly following: { unsubscribe(): void } | undefined,
  ) {}

  /**
   * Opens the records of `store`. With `follow`, block filters are built from committed events and
   * the missing ones caught up in the background; failures go to `onError`.
   */
  static async open(
    store: Store,
    site: RecordsSite,
    options: { readonly follow: boolean; readonly onError?: (error: unknown) => void },
  ): Promise<SiteRecords> {
    const onError = options.onError ?? (() => {});
    const blooms = new JournalBlooms(store.db, onError);
    const journal = store.journal;
    const following = options.follow ? blooms.follow(journal.committed$) : undefined;
    if (options.follow) blooms.catchUp(journal.head()).catch(onError);
    const zoneDoors = (zoneId: string) =>
      site.policy.zones.find((z) => z.id === zoneId)?.doors.map((d) => d.doorId);
    const history = new EventHistory(store.db, journal, blooms, zoneDoors);
    const readers = (): ReadonlySet<string> =>
      new Set(
        site.config.doors.flatMap((d) =>
          d.type === "standard" ? [...d.sides.A.readers, ...d.sides.B.readers].map((r) => r.id) : [],
        ),
      );
    const musters = await Musters.open(
      store.db,
      journal,
      {
        // The live site's policy changes with the configuration: read it when needed, not now.
        get policy() {
          return site.policy;
        },
        readerIds: readers,
        presence: () => livePresence(site),
      },
      onError,
    );
    return new SiteRecords(store, site, blooms, history, musters, following);
  }

  /** Names of the site's entities as configured now. */
  names(): SiteNames {
    return new SiteNames({ site: this.site.config, policy: this.site.policy });
  }

  /** A configuration report of the site as configured now. */
  async configurationReport(name: ConfigurationReportName): Promise<ReportTable> {
    const usage = await this.store.facts.credentialUsage();
    return configurationReport(name, {
      site: this.site.config,
      policy: this.site.policy,
      usage: new Map(usage.map((u) => [u.credentialId, u])),
    });
  }

  /** A configuration report as CSV. */
  async configurationCsv(name: ConfigurationReportName): Promise<string> {
    return tableCsv(await this.configurationReport(name));
  }

  /**
   * The events `query` matches (up to `max`), as CSV with a header, handed to `write` page by page;
   * returns how many were written and whether `max` cut the export short.
   */
  async exportEvents(
    query: EventQuery,
    write: (csv: string) => void,
    max = Infinity,
  ): Promise<{ readonly count: number; readonly truncated: boolean }> {
    const names = this.names();
    write(rowsCsv([EVENT_CSV_HEADER]));
    let count = 0;
    let page: string[][] = [];
    let truncated = false;
    for await (const event of this.history.all({ ...query, limit: EXPORT_PAGE })) {
      if (count === max) {
        truncated = true;
        break;
      }
      page.push(eventRow(event, names));
      count++;
      if (page.length === EXPORT_PAGE) {
        write(rowsCsv(page));
        page = [];
      }
    }
    if (page.length > 0) write(rowsCsv(page));
    return { count, truncated };
  }

  /**
   * A roll call at `at`, or now (`at` absent) from the zones' live presence; offline, and for a past
   * time, presence is replayed from the journal.
   */
  async rollCall(
    scope: RollCallScope,
    now: number,
    at?: number,
  ): Promise<Either.Either<RollCall, MusterError>> {
    if (at === undefined && this.site.zone !== undefined)
      return rollCall(this.site.policy, scope, livePresence(this.site), now, true);
    const replayed = await presenceAt(this.history, await this.store.journal.oldest(), at ?? now);
    return rollCall(this.site.policy, scope, replayed.presence, at ?? now, replayed.complete);
  }

  /** Waits for the writes under way (block filters, muster marks). */
  async settled(): Promise<void> {
    await this.musters.settled();
    await this.blooms.settled();
  }

  /** Stops following the journal and waits for writes under way; the store stays open. */
  async close(): Promise<void> {
    this.following?.unsubscribe();
    await this.musters.close();
    await this.blooms.settled();
  }
}

/** The zones' live presence (empty where no actors run). */
const livePresence = (site: RecordsSite): ZonePresence =>
  new Map(
    site.policy.zones.map((z) => [
      z.id,
      new Map((site.zone?.(z.id) ?? []).map((p) => [p.cardholderId, p.enteredAt])),
    ]),
  );
