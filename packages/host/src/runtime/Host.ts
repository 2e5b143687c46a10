/**
 * A running site: the store opened, the site file loaded and validated, actors rebuilt from their
 * persisted facts, every event journalled with the facts it changed, the site file saved on every
 * configuration change — and closed in order on stop.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Effect } from "effect";
import {
  Site,
  type SiteState,
  systemClock,
  type EngineClock,
  type FeedbackIntent,
  type OutputDriver,
  type RelayDriver,
} from "@portcullis/engine";
import { siteCardFormatSupport } from "@portcullis/protocols";
import { databaseFile, restorePending } from "../backup";
import type { JournalEvent, RecordedEventInput } from "../events";
import { DataDirLock, loadMainKey, Store, type Journal, type TokenRole } from "../store";
import { ConfigWriter } from "./ConfigWriter";
import { FactStager, restoreFacts } from "./facts";
import { DEFAULT_RETENTION, JournalRetention, type RetentionPolicy } from "./JournalRetention";
import type { Logger } from "./logger";
import { silentLogger } from "./logger";
import { CONFIG_FILE, type GivenSiteFile, loadSite, type LoadedSite } from "./loadSite";
import { pinHasherFor } from "./pinHasher";
import { tokenKeyFor } from "./tokenKey";

/** How a host starts. */
export interface HostOptions {
  /** Where the database and the key file live. */
  readonly dataDir: string;
  /** The site file (`--config`): its changes since the last start apply over the stored site. */
  readonly site: GivenSiteFile;
  readonly clock?: EngineClock;
  readonly logger?: Logger;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly relays?: RelayDriver;
  /** Auxiliary relays that action rules drive; none by default. */
  readonly outputs?: OutputDriver;
  readonly feedback?: (readerId: string, intent: FeedbackIntent) => void;
  /** How much of the journal is kept; default 90 days. */
  readonly retention?: RetentionPolicy;
  /** Journal batching (tests shorten it). */
  readonly journalMaxDelayMs?: number;
}

/** A token printed once on the first start, or minted for a demo run. */
export interface AnnouncedToken {
  readonly role: TokenRole;
  readonly secret: string;
}

/** A running site with its store. */
export class Host {
  private constructor(
    readonly site: Site,
    readonly store: Store,
    /** The site main key (held outside the database): Secure Channel keys derive from it. */
    readonly mainKey: Uint8Array,
    readonly logger: Logger,
    /** Tokens to show the operator: a generated admin token on a first start. */
    readonly announced: ReadonlyArray<AnnouncedToken>,
    private readonly saves: SiteSaves,
    private readonly detach: () => Promise<void>,
    private readonly lock: DataDirLock,
    /** Deletes old events at start and every hour. */
    readonly retention: JournalRetention,
  ) {
    this.config = new ConfigWriter(site, () => saves.saved(), logger);
  }

  /**
   * Resolves once the configuration as it is now is on disk; rejects when that save failed (the
   * change is applied in memory, and the next change tries again).
   */
  configSaved(): Promise<void> {
    return this.saves.saved();
  }

  /** Runtime changes (`config.*`): applied and stored one at a time, undone in memory if storing fails. */
  readonly config: ConfigWriter;

  /**
   * Locks the data directory (a second host on it fails with `DataDirInUse` before writing
   * anything), restores a backup waiting in `DATA/restore/` before anything else, opens the store,
   * loads the site and starts it.
   */
  static async start(options: HostOptions): Promise<Host> {
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    const lock = await DataDirLock.acquire(options.dataDir);
    try {
      return await Host.startLocked(options, lock);
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  private static async startLocked(options: HostOptions, lock: DataDirLock): Promise<Host> {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    const environment = options.environment ?? process.env;
    const givenAdmin = givenAdminToken(environment);
    await restorePending({ dataDir: options.dataDir, clock, logger });
    const mainKey = await Effect.runPromise(
      loadMainKey({ keyFile: join(options.dataDir, "main.key"), environment }),
    );
    const store = await Store.open({
      path: databaseFile(options.dataDir),
      clock,
      tokenKey: tokenKeyFor(mainKey),
      ...(options.journalMaxDelayMs !== undefined && { journal: { maxDelayMs: options.journalMaxDelayMs } }),
    });
    try {
      const hasher = pinHasherFor(mainKey);
      const loaded = await loadSite(store, options.site, hasher);
      const { file } = loaded;
      for (const w of file.warnings)
        logger.warn("configuration warning", { field: w.field, message: w.message });

      const facts = await restoreFacts(store, file.site, clock.now());
      const site = new Site(file, {
        clock,
        hasher,
        logger,
        doorFacts: facts.doorFacts,
        accessFacts: facts.accessFacts,
        firstSeq: store.journal.nextSeq(),
        ...(options.relays && { relays: options.relays }),
        ...(options.outputs && { outputs: options.outputs }),
        ...(options.feedback && { feedback: options.feedback }),
        cardFormats: siteCardFormatSupport,
      });
      const saves = new SiteSaves(store, logger, () => ({ site: site.config, policy: site.policy }));
      const stager = new FactStager(store, site, facts.doorFacts, facts.overrideSince);
      // Journal first, then the facts the event changed: both land in the same batch.
      const subscription = site.events$.subscribe((event) => {
        store.journal.append(event);
        stager.stage(event);
        if (event.type === "ConfigChanged") saves.changed(event);
      });
      const journalErrors = store.journal.errors$.subscribe((e) =>
        logger.error("journal commit failed; retrying", { error: e.message }),
      );
      await journalFileChanges(store, site, loaded, clock.now(), logger);
      site.start();
      const ended = await store.tokens.revokeEndedRuns();
      if (ended > 0) logger.warn("revoked tokens of a run that did not shut down", { tokens: ended });
      const announced = await firstTokens(store, givenAdmin);
      const retention = new JournalRetention(store, clock, options.retention ?? DEFAULT_RETENTION, logger);
      retention.start();
      logger.info("site started", {
        site: file.site.name,
        doors: file.site.doors.length,
        cardholders: file.policy.cardholders.length,
        journalHead: store.journal.head(),
      });
      return new Host(
        site,
        store,
        mainKey,
        logger,
        announced,
        saves,
        async () => {
          await retention.stop();
          subscription.unsubscribe();
          journalErrors.unsubscribe();
          await saves.saved().catch(() => {});
        },
        lock,
        retention,
      );
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  /** Journals an event of the host's own in the site's `seq` order (DESIGN §6). */
  readonly recordHostEvent = (event: RecordedEventInput): void => {
    (this.store.journal as unknown as Journal<JournalEvent>).append({
      ...event,
      seq: this.site.reserveSeq(),
    } as JournalEvent);
  };

  /** Mints a token valid until this run ends (the demo's operator token): the next start revokes it, crash or not. */
  async mintUntilShutdown(role: TokenRole, label: string): Promise<AnnouncedToken & { id: string }> {
    const issued = await this.store.tokens.issue({ role, label, untilShutdown: true });
    return { role, secret: issued.secret, id: issued.token.id };
  }

  /** Stops the actors, commits the journal's last batch and closes the store. */
  async stop(): Promise<void> {
    this.site.stop();
    try {
      await this.detach();
      await this.store.close();
    } finally {
      await this.lock.release();
    }
    this.logger.info("site stopped");
  }
}

/**
 * Journals what a changed `--config` file changed (`ConfigChanged` by "config file"), with a log line
 * each, then stores the site: a crash in between journals the changes again on the next start
 * rather than losing their events.
 */
const journalFileChanges = async (
  store: Store,
  site: Site,
  loaded: LoadedSite,
  at: number,
  logger: Logger,
): Promise<void> => {
  for (const c of loaded.changes) {
    store.journal.append({
      type: "ConfigChanged",
      at,
      seq: site.reserveSeq(),
      entity: c.entity,
      id: c.id,
      change: c.change,
      by: CONFIG_FILE,
    });
    if (c.overrodeRuntimeChange)
      logger.warn("--config-wins: the file replaces a runtime change", {
        entity: c.entity,
        id: c.id,
        change: c.change,
      });
    else
      logger.info("configuration changed by the --config file", {
        entity: c.entity,
        id: c.id,
        change: c.change,
      });
  }
  if (loaded.changes.length > 0) await store.journal.flush();
  await loaded.save();
};

/**
 * Stores the entities configuration changes touched, each as a row of its own: a change costs its
 * entities, not the site. A burst is coalesced: while one write runs, later changes only mark
 * their entities dirty, and the next write stores them as they are then, in one transaction. The
 * last change is always stored.
 */
class SiteSaves {
  private dirty = new Map<string, { readonly entity: string; readonly id: string; readonly by: string }>();
  private whole = false;
  private running: Promise<void> | undefined;
  /** Why the last write failed; cleared by the next one that succeeds. */
  private failure: unknown;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly current: () => SiteState,
  ) {}

  changed(event: {
    readonly entity: string;
    readonly id: string;
    readonly change: string;
    readonly by: string;
  }): void {
    // A whole-site replacement (an import, its undo) is stored whole: it names no entity of its own.
    if (event.change === "replace") this.whole = true;
    else this.dirty.set(`${event.entity}\0${event.id}`, event);
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.dirty.size > 0 || this.whole) {
      const refs = [...this.dirty.values()];
      const whole = this.whole;
      this.dirty = new Map();
      this.whole = false;
      try {
        if (whole) await this.store.site.replace(this.current());
        else await this.store.site.write(this.current(), refs, refs.at(-1)!.by);
        this.failure = undefined;
      } catch (e) {
        // Written again with the next change: what was dirty stays dirty.
        this.whole ||= whole;
        for (const r of refs)
          if (!this.dirty.has(`${r.entity}\0${r.id}`)) this.dirty.set(`${r.entity}\0${r.id}`, r);
        this.failure = e;
        this.logger.error("cannot save the site configuration", { error: String(e) });
        break;
      }
    }
    this.running = undefined;
  }

  /** Waits for the writes under way; throws what made the last one fail. */
  async saved(): Promise<void> {
    await this.running;
    if (this.failure !== undefined) throw this.failure;
  }
}

/** Shortest `PORTCULLIS_ADMIN_TOKEN` accepted: a generated token has 43 characters (256 bits). */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** A given admin token is too short to stand up to guessing. */
export class AdminTokenTooShort extends Error {
  constructor(length: number) {
    super(
      `PORTCULLIS_ADMIN_TOKEN has ${length} characters; give at least ${MIN_ADMIN_TOKEN_LENGTH} ` +
        "(e.g. `openssl rand -base64 32`), or leave it unset to have one generated",
    );
  }
}

/** `PORTCULLIS_ADMIN_TOKEN`, if set; a too short one is refused before anything is written. */
const givenAdminToken = (environment: Readonly<Record<string, string | undefined>>): string | undefined => {
  const given = environment["PORTCULLIS_ADMIN_TOKEN"];
  if (given === undefined || given === "") return undefined;
  if (given.length < MIN_ADMIN_TOKEN_LENGTH) throw new AdminTokenTooShort(given.length);
  return given;
};

/** On a first start: the given admin token becomes the admin token, or one is generated and shown once. */
const firstTokens = async (store: Store, given: string | undefined): Promise<AnnouncedToken[]> => {
  if ((await store.tokens.count()) > 0) return [];
  const issued = await store.tokens.issue({
    role: "admin",
    label: "first admin",
    ...(given !== undefined && { secret: given }),
  });
  return given !== undefined ? [] : [{ role: "admin", secret: issued.secret }];
};
