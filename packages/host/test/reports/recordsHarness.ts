/**
 * A host over a real data directory (the demo site on virtual time, its SQLite store), its records,
 * and a real WebSocket server on 127.0.0.1 wired as `portcullis start` wires them.
 */
import { fromWallClock } from "@portcullis/engine";
import { VirtualClock } from "@portcullis/testkit";
import { demoCardNumber, demoSiteFile } from "../../src/demo/demoSite";
import { type FeedServer, startFeedServer } from "../../src/feed";
import { SiteRecords } from "../../src/reports/SiteRecords";
import { Host } from "../../src/runtime/Host";
import { connect, type TestClient } from "../feed/client";

/** Monday 23 November 2026, 10:00 in Stockholm: office hours. */
export const MONDAY_10 = fromWallClock(
  { year: 2026, month: 11, day: 23, hour: 10, minute: 0, second: 0, millisecond: 0 },
  "Europe/Stockholm",
);

/** A running host with records and a feed; `as(role)` connects a client that said hello. */
export interface RecordsHarness {
  readonly host: Host;
  readonly records: SiteRecords;
  readonly server: FeedServer;
  readonly clock: VirtualClock;
  as(role: "viewer" | "operator" | "admin"): Promise<TestClient>;
  /** Commits what the journal holds and lets the records take it in. */
  commit(): Promise<void>;
  /** Card `i` (demo cardholder `ch0i`) at a reader, then the door opened and closed: one passage. */
  pass(readerId: string, doorId: string, i: number): Promise<void>;
  /** Card `i` at a reader, nothing more. */
  swipe(readerId: string, i: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts (or restarts, on the same directory and clock) the demo host with its records and feed. */
export const startRecordsHarness = async (dataDir: string, clock: VirtualClock): Promise<RecordsHarness> => {
  const host = await Host.start({
    dataDir,
    site: { file: demoSiteFile(), source: "demo" },
    clock,
    environment: {},
  });
  const records = await SiteRecords.open(host.store, host.site, { follow: true });
  const server = await startFeedServer({
    backend: {
      site: host.site,
      journal: host.store.journal,
      recordHostEvent: host.recordHostEvent,
      configure: (changes, by, options) => host.config.apply(changes, by, options),
      tokens: host.store.tokens,
      clock,
      records,
    },
    host: "127.0.0.1",
    port: 0,
  });
  const clients: TestClient[] = [];
  const tokens = new Map<string, string>();
  const site = host.site;
  for (const d of ["main", "office", "lab", "storage", "server", "dock", "garage"])
    site.push({ type: "door", doorId: d, open: false });
  const commit = async () => {
    await host.store.journal.flush();
    // committed$ reaches the records synchronously; their writes are queued behind.
    await records.settled();
  };
  return {
    host,
    records,
    server,
    clock,
    as: async (role) => {
      let secret = tokens.get(role);
      if (secret === undefined) {
        secret = (await host.store.tokens.issue({ role, label: role === "operator" ? "olga" : role })).secret;
        tokens.set(role, secret);
      }
      const client = await connect(server.wsUrl);
      clients.push(client);
      const welcome = await client.hello(secret);
      if (welcome.type !== "welcome") throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
      return client;
    },
    commit,
    swipe: async (readerId, i) => {
      site.push({ type: "card", readerId, number: BigInt(demoCardNumber(i)) });
      clock.advance(1_000);
    },
    pass: async (readerId, doorId, i) => {
      site.push({ type: "card", readerId, number: BigInt(demoCardNumber(i)) });
      site.push({ type: "door", doorId, open: true });
      clock.advance(2_000);
      site.push({ type: "door", doorId, open: false });
      clock.advance(2_000);
    },
    close: async () => {
      for (const c of clients) c.close();
      await server.close();
      await records.close();
      await host.stop();
    },
  };
};
