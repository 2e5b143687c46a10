/** A real feed server over a real SQLite store and a site on virtual time, with tokens of each role. */
import { join } from "node:path";
import { createSite, type EngineEvent, type Site } from "@portcullis/engine";
import { siteCardFormatSupport } from "@portcullis/protocols";
import { hmacPinHasher, VirtualClock } from "@portcullis/testkit";
import { Either } from "effect";
import { Alarms } from "../../src/alarms";
import type { JournalEvent } from "../../src/events";
import {
  type FeedBackend,
  FeedError,
  type FeedServer,
  type FeedServerOptions,
  type SimControls,
  startFeedServer,
} from "../../src/feed";
import { ConfigWriter } from "../../src/runtime/ConfigWriter";
import { silentLogger } from "../../src/runtime/logger";
import { type Journal, Store } from "../../src/store";
import { feedSite } from "./site";

/** A running server and what the tests poke at. */
export interface Harness {
  readonly server: FeedServer;
  readonly store: Store;
  readonly journal: Journal<JournalEvent>;
  readonly backend: FeedBackend;
  readonly site: Site;
  readonly clock: VirtualClock;
  /** Secrets of a viewer, an operator (label "olga") and an admin token. */
  readonly secrets: { readonly viewer: string; readonly operator: string; readonly admin: string };
  /** What the server logged. */
  readonly logs: Array<{ level: string; msg: string; fields: Readonly<Record<string, unknown>> | undefined }>;
  /** Install-mode requests the fake device layer received. */
  /** Install mode asked of the device layer, for a reader (`readerId`) or an I/O module (`controllerId`). */
  readonly installs: Array<{ readerId?: string; controllerId?: string; durationS: number; by: string }>;
  /** Commits what the journal holds, as its batch timer would. */
  commit(): Promise<void>;
  close(): Promise<void>;
}

const rejected = (e: { readonly code: string; readonly message: string }) =>
  new FeedError({ code: e.code as FeedError["code"], message: e.message });

/**
 * Opens the store in `dir` and starts the site, both on one virtual clock (tests commit with
 * `commit()`), and journals the site's events as the runtime does: one `seq` for the engine's events
 * and the host's, given by the journal.
 */
export const startHarness = async (
  dir: string,
  options: Partial<Omit<FeedServerOptions, "backend">> & {
    readonly demo?: boolean;
    /** Stores the configuration (`config.*` go through a `ConfigWriter`); absent: nothing is stored, always with success. */
    readonly configSaved?: () => Promise<void>;
    /** Keeps the host's alarms in the store, as the running host does. */
    readonly alarms?: boolean;
  } = {},
): Promise<Harness> => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 8));
  const store = await Store.open({ path: join(dir, "feed.db"), clock, tokenKey: new Uint8Array(32).fill(7) });
  // The store types its journal for engine events only; the host's own events share it.
  const journal = store.journal as unknown as Journal<JournalEvent>;
  const site = Either.getOrThrow(
    createSite(feedSite, { clock, hasher: hmacPinHasher(), cardFormats: siteCardFormatSupport }),
  );
  site.events$.subscribe((event: EngineEvent) => {
    (event as { seq: number }).seq = journal.nextSeq();
    journal.append(event);
  });
  const alarms = options.alarms === true ? await Alarms.open(store.db, journal) : undefined;
  site.start();
  const sim: SimControls = {
    swipe: (readerId, card) => Either.mapLeft(site.push({ type: "card", readerId, ...card }), rejected),
    pin: (readerId, keys) => Either.mapLeft(site.push({ type: "keys", readerId, keys }), rejected),
    door: (doorId, open) => Either.mapLeft(site.push({ type: "door", doorId, open }), rejected),
    rex: (doorId, side) => Either.mapLeft(site.push({ type: "rex", doorId, side }), rejected),
  };
  const installs: Harness["installs"] = [];
  const configWriter = new ConfigWriter(site, options.configSaved ?? (async () => {}), silentLogger);
  const backend: FeedBackend = {
    site,
    journal,
    recordHostEvent: (event) => journal.append({ ...event, seq: journal.nextSeq() }),
    tokens: store.tokens,
    clock,
    devices: {
      installMode: async (readerId, durationS, by) => {
        installs.push({ readerId, durationS, by });
        return Either.void;
      },
      moduleInstallMode: async (controllerId, durationS, by) => {
        installs.push({ controllerId, durationS, by });
        return Either.void;
      },
    },
    ...(options.demo === true && { sim }),
    configure: (changes, by, configOptions) => configWriter.apply(changes, by, configOptions),
    ...(alarms && { alarms }),
  };
  const issue = async (role: "viewer" | "operator" | "admin", label: string) =>
    (await store.tokens.issue({ role, label })).secret;
  const secrets = {
    viewer: await issue("viewer", "vera"),
    operator: await issue("operator", "olga"),
    admin: await issue("admin", "adam"),
  };
  const { demo: _demo, configSaved: _configSaved, alarms: _alarms, ...serverOptions } = options;
  const logs: Harness["logs"] = [];
  const logger = {
    info: (msg: string, fields?: Readonly<Record<string, unknown>>) =>
      logs.push({ level: "info", msg, fields }),
    warn: (msg: string, fields?: Readonly<Record<string, unknown>>) =>
      logs.push({ level: "warn", msg, fields }),
    error: (msg: string, fields?: Readonly<Record<string, unknown>>) =>
      logs.push({ level: "error", msg, fields }),
  };
  const server = await startFeedServer({ logger, ...serverOptions, backend, port: 0 });
  return {
    server,
    store,
    journal,
    backend,
    site,
    clock,
    secrets,
    logs,
    installs,
    commit: () => journal.flush(),
    close: async () => {
      await server.close();
      site.stop();
      await alarms?.close();
      await store.close();
    },
  };
};
