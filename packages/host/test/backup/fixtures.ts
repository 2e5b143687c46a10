/** A demo host on virtual time in a temp data directory, swiping cards so the journal and facts grow. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fromWallClock } from "@portcullis/engine";
import { VirtualClock } from "@portcullis/testkit";
import sqlite3 from "sqlite3";
import { Backups, databaseFile } from "../../src/backup";
import { demoSiteFile } from "../../src/demo/demoSite";
import type { JournalEvent } from "../../src/events";
import { Host } from "../../src/runtime/Host";
import { silentLogger } from "../../src/runtime/logger";

/** Monday 23 November 2026, 10:00 in Stockholm: office hours, the demo's cards open the main door. */
export const MONDAY_10 = fromWallClock(
  { year: 2026, month: 11, day: 23, hour: 10, minute: 0, second: 0, millisecond: 0 },
  "Europe/Stockholm",
);

/** Starts the demo site's host on `dataDir`. */
export const startHost = (dataDir: string, clock: VirtualClock): Promise<Host> =>
  Host.start({ dataDir, site: { file: demoSiteFile(), source: "demo" }, clock, environment: {} });

/** A fresh virtual clock at {@link MONDAY_10}. */
export const mondayClock = (): VirtualClock => new VirtualClock(MONDAY_10);

/** The backups of `host`, journalled through it. */
export const backupsOf = (host: Host, dataDir: string, clock: VirtualClock): Backups =>
  new Backups({
    dataDir,
    database: databaseFile(dataDir),
    clock,
    record: host.recordHostEvent,
    logger: silentLogger,
  });

/** Swipe `k` at the main entrance: cardholders 5…44 (none may double-swipe), one second apart. */
export const swipe = (host: Host, clock: VirtualClock, k: number): void => {
  host.site.push({ type: "card", readerId: "main-in", number: BigInt(10_005 + (k % 40)) });
  clock.advance(1_000);
};

/** Every row of a query on a database file opened read-only. */
export const rows = async <T>(file: string, sql: string): Promise<T[]> => {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (e) =>
      e ? reject(e) : resolve(d),
    );
  });
  try {
    return await new Promise<T[]>((resolve, reject) =>
      db.all<T>(sql, (e, r) => (e ? reject(e) : resolve(r))),
    );
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
};

/** The SHA-256 of a file's bytes, to show it did not change. */
export const digest = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");

/** Every journalled event of `host`, the host's own included, in order. */
export const journalled = (host: Host, from = 1): Promise<JournalEvent[]> =>
  host.store.journal.readFrom(from, 1_000_000) as Promise<JournalEvent[]>;
