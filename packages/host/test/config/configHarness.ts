/**
 * A host over a real data directory (the feed tests' site on virtual time, its SQLite store) and a
 * real WebSocket server on 127.0.0.1, wired as `portcullis start` wires `config.*`; restartable on
 * the same directory.
 */
import { fromWallClock } from "@portcullis/engine";
import { VirtualClock } from "@portcullis/testkit";
import { afterEach } from "vitest";
import type { JournalEvent } from "../../src/events";
import { type FeedServer, startFeedServer } from "../../src/feed";
import { Host } from "../../src/runtime/Host";
import { connect, type TestClient } from "../feed/client";
import { feedSite } from "../feed/site";
import { useTempDir } from "../store/tempDir";

/** Monday 5 January 2026, 10:00 in Stockholm: office hours. */
export const MONDAY_10 = fromWallClock(
  { year: 2026, month: 1, day: 5, hour: 10, minute: 0, second: 0, millisecond: 0 },
  "Europe/Stockholm",
);

/** A running host and its feed. */
export interface ConfigHarness {
  readonly host: Host;
  readonly server: FeedServer;
  /** A client said hello with a token of `role` belonging to `user`. */
  as(role: "viewer" | "admin", user?: string): Promise<TestClient>;
  /** Every `ConfigChanged` journalled so far. */
  configChanges(): Promise<Array<Extract<JournalEvent, { type: "ConfigChanged" }>>>;
  stop(): Promise<void>;
}

/** Registers cleanup and returns `start()`, which starts (or restarts) the host on this test's directory. */
export const useConfigHarness = () => {
  const dir = useTempDir();
  const clock = new VirtualClock(MONDAY_10);
  const running: ConfigHarness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
  });
  const start = async (): Promise<ConfigHarness> => {
    const host = await Host.start({
      dataDir: dir(),
      site: { file: feedSite, source: "feed" },
      clock,
      environment: {},
    });
    const server = await startFeedServer({
      backend: {
        site: host.site,
        journal: host.store.journal,
        recordHostEvent: host.recordHostEvent,
        configure: (changes, by, options) => host.config.apply(changes, by, options),
        tokens: host.store.tokens,
        clock,
      },
      host: "127.0.0.1",
      port: 0,
    });
    const clients: TestClient[] = [];
    let stopped = false;
    const harness: ConfigHarness = {
      host,
      server,
      as: async (role, user = role === "admin" ? "adam" : "vera") => {
        const { secret } = await host.store.tokens.issue({ role, user, label: `${user}'s token` });
        const client = await connect(server.wsUrl);
        clients.push(client);
        const welcome = await client.hello(secret);
        if (welcome.type !== "welcome") throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
        return client;
      },
      configChanges: async () => {
        await host.store.journal.flush();
        const events = await host.store.journal.readFrom(1, 10_000);
        return events.filter((e) => e.type === "ConfigChanged") as never;
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        for (const c of clients) c.close();
        await server.close();
        await host.stop();
      },
    };
    running.push(harness);
    return harness;
  };
  return { start };
};
