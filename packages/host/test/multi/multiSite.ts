/** Hosts for multi-server tests: the replay example's lobby with a schedule that always holds, one data directory each. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { systemClock, type EngineEvent as Event } from "@portcullis/engine";
import { Host } from "../../src/runtime/Host";
import { silentLogger } from "../../src/runtime/logger";
import { MultiServer } from "../../src/multi";
import { SiteRecords } from "../../src/reports/SiteRecords";

const replaySite = JSON.parse(
  readFileSync(new URL("../replay/fixtures/site.json", import.meta.url), "utf8"),
) as Record<string, unknown> & { schedules: unknown[] };

/** Every day, all day. */
const ALWAYS = {
  id: "always",
  name: "Always",
  vevents: [
    "BEGIN:VEVENT\r\nDTSTART:19700105T000000\r\nDTEND:19700106T000000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU\r\nEND:VEVENT",
  ],
};

/** The site file of a server named `name`. */
export const multiSite = (name: string): Record<string, unknown> => ({
  ...replaySite,
  name,
  schedules: [...replaySite.schedules, ALWAYS],
});

/** The same without OSDP readers, for a `portcullis start` process that has no serial lines. */
export const multiSiteWithoutReaders = (name: string): Record<string, unknown> => {
  const file = structuredClone(multiSite(name)) as {
    doors: Array<{ sides: Record<string, { readers?: unknown[] }> }>;
  };
  for (const door of file.doors) for (const side of Object.values(door.sides)) side.readers = [];
  return file;
};

/** A host with its multi-server part, and the events it published. */
export interface TestServer {
  readonly host: Host;
  readonly multi: MultiServer;
  readonly events: Event[];
  stop(): Promise<void>;
}

/** Starts the host of `name` in `root/name` (its site file `file`), connecting to NATS at `natsUrl`. */
export const startServer = async (
  root: string,
  name: string,
  natsUrl: string,
  file: Record<string, unknown> = multiSite(name),
): Promise<TestServer> => {
  const host = await Host.start({
    dataDir: join(root, name),
    site: { file, source: name },
    environment: {},
    journalMaxDelayMs: 2,
  });
  const events: Event[] = [];
  const subscription = host.site.events$.subscribe((e) => events.push(e));
  const records = await SiteRecords.open(host.store, host.site, { follow: true, onError: () => {} });
  const multi = await MultiServer.start({
    records,
    journal: host.store.journal,
    natsUrl,
    site: host.site,
    db: host.store.db,
    saved: () => host.configSaved(),
    clock: systemClock,
    logger: silentLogger,
  });
  return {
    host,
    multi,
    events,
    stop: async () => {
      await multi.stop();
      subscription.unsubscribe();
      await records.close();
      await host.stop();
    },
  };
};

/** Swipes `card` at the lobby's entry reader and returns the decision's event type (and reason). */
export const swipe = (server: TestServer, card: bigint): string => {
  const from = server.events.length;
  server.host.site.push({ type: "card", readerId: "lobby-in", number: card });
  const decision = server.events
    .slice(from)
    .find((e) => e.type === "AccessGranted" || e.type === "AccessDenied") as
    { type: string; reason?: string } | undefined;
  return decision === undefined
    ? "none"
    : decision.reason
      ? `${decision.type} ${decision.reason}`
      : decision.type;
};
