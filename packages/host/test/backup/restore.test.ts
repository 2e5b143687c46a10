/** Restoring a backup: dropped in DATA/restore/ for the next start, or refused without changing anything. */
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import sqlite3 from "sqlite3";
import { BackupError, databaseFile, restoreDatabase, restoreDir } from "../../src/backup";
import { demoSiteFile } from "../../src/demo/demoSite";
import { Host } from "../../src/runtime/Host";
import { Database, migrate, migrations } from "../../src/store";
import type { Logger } from "../../src/runtime/logger";
import { silentLogger } from "../../src/runtime/logger";
import { tempDir } from "../runtime/tempDir";
import { backupsOf, digest, journalled, mondayClock, rows, startHost, swipe } from "./fixtures";

/** A data directory with some history and one backup of it, then later changes the backup lacks. */
const siteWithBackup = async (name: string) => {
  const dataDir = tempDir(name);
  const clock = mondayClock();
  const host = await startHost(dataDir, clock);
  const admin = host.announced[0]!.secret;
  for (let k = 0; k < 50; k++) swipe(host, clock, k);
  host.site.manual("storage", "lock", "olga");
  await host.store.journal.flush();
  const backup = await backupsOf(host, dataDir, clock).now("tester");
  // After the backup: the storage door unlocked by hand, a cardholder suspended, more swipes.
  host.site.manual("storage", "unlock", "olga");
  host.site.configure(
    {
      op: "put",
      entity: "cardholder",
      value: { id: "ch50", firstName: "Ny", lastName: "Person", suspended: true },
    },
    "admin",
  );
  for (let k = 0; k < 20; k++) swipe(host, clock, k);
  await host.configSaved();
  await host.stop();
  return { dataDir, clock, admin, backup };
};

const recordingLogger = () => {
  const errors: Array<{ msg: string; fields: Record<string, unknown> | undefined }> = [];
  const logger: Logger = { ...silentLogger, error: (msg, fields) => errors.push({ msg, fields }) };
  return { logger, errors };
};

const topFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();

describe("restore at start", () => {
  it("puts the database back as the backup had it, keeps the host's tokens and sets the old one aside", async () => {
    const { dataDir, clock, admin, backup } = await siteWithBackup("restore-drop");
    const replacedHead = (
      await rows<{ seq: number }>(databaseFile(dataDir), "SELECT max(seq) AS seq FROM journal")
    )[0]!.seq;
    mkdirSync(restoreDir(dataDir));
    const dropped = join(restoreDir(dataDir), basename(backup.file));
    copyFileSync(backup.file, dropped);

    clock.advance(60_000);
    const host = await startHost(dataDir, clock);
    const events = await journalled(host);
    const door = host.site.door("storage");
    const ch50 = host.site.policy.cardholders.find((c) => c.id === "ch50");
    const stillAdmin = await host.store.tokens.verify(admin);
    const announced = host.announced;
    await host.stop();

    // The journal as backed up, then the restore journalled; the later changes are gone.
    expect(events.length).toBe(backup.journalSeq + 1);
    const restored = events.at(-1)!;
    expect(restored).toMatchObject({
      type: "RestoreDone",
      seq: backup.journalSeq + 1,
      file: basename(backup.file),
    });
    expect(door?.slot).toBe("lock");
    expect(ch50?.suspended).not.toBe(true);
    // The backup held no tokens: the host's own carry over, so no new admin token is issued.
    expect(stillAdmin?.role).toBe("admin");
    expect(announced).toEqual([]);
    // The file moved aside, the replaced database kept whole, the restored one private.
    expect(topFiles(restoreDir(dataDir))).toEqual([]);
    expect(readdirSync(join(restoreDir(dataDir), "done"))).toEqual([basename(backup.file)]);
    const replaced = (restored as { replaced?: string }).replaced!;
    expect((await rows<{ seq: number }>(replaced, "SELECT max(seq) AS seq FROM journal"))[0]!.seq).toBe(
      replacedHead,
    );
    expect(statSync(databaseFile(dataDir)).mode & 0o777).toBe(0o600);
  }, 60_000);

  it("on a new machine without a database, restores and issues a first admin token", async () => {
    const { backup } = await siteWithBackup("restore-source");
    const dataDir = tempDir("restore-new");
    mkdirSync(restoreDir(dataDir));
    copyFileSync(backup.file, join(restoreDir(dataDir), "nightly.db"));
    const host = await startHost(dataDir, mondayClock());
    const head = host.store.journal.head();
    const announced = host.announced;
    const last = (await journalled(host, head))[0];
    await host.stop();
    expect(head).toBe(backup.journalSeq + 1);
    expect(last).toMatchObject({ type: "RestoreDone", file: "nightly.db" });
    expect(last).not.toHaveProperty("replaced");
    expect(announced).toMatchObject([{ role: "admin" }]);
  }, 60_000);

  it("refuses a bad file at start: the host runs on its database unchanged, the file goes to restore/refused", async () => {
    const { dataDir, clock } = await siteWithBackup("restore-refused-start");
    mkdirSync(restoreDir(dataDir));
    writeFileSync(
      join(restoreDir(dataDir), "photo.jpg"),
      "not a database at all, just some bytes".repeat(200),
    );
    const { logger, errors } = recordingLogger();
    const host = await Host.start({
      dataDir,
      site: { file: demoSiteFile(), source: "demo" },
      clock,
      environment: {},
      logger,
    });
    const last = (await journalled(host, host.store.journal.head()))[0];
    await host.stop();
    expect(last?.type).not.toBe("RestoreDone");
    expect(errors).toEqual([
      expect.objectContaining({
        msg: "restore refused; the database is unchanged",
        fields: expect.objectContaining({
          reason: expect.stringMatching(
            /photo\.jpg cannot be restored: it is damaged or not an SQLite database/,
          ),
        }),
      }),
    ]);
    expect(topFiles(restoreDir(dataDir))).toEqual([]);
    expect(readdirSync(join(restoreDir(dataDir), "refused"))).toEqual(["photo.jpg"]);
  }, 60_000);

  it("leaves several waiting files alone: which one was meant is not for the host to guess", async () => {
    const { dataDir, clock, backup } = await siteWithBackup("restore-two");
    mkdirSync(restoreDir(dataDir));
    copyFileSync(backup.file, join(restoreDir(dataDir), "a.db"));
    copyFileSync(backup.file, join(restoreDir(dataDir), "b.db"));
    const host = await startHost(dataDir, clock);
    const head = host.store.journal.head();
    await host.stop();
    expect(head).toBeGreaterThan(backup.journalSeq + 1);
    expect(topFiles(restoreDir(dataDir))).toEqual(["a.db", "b.db"]);
  }, 60_000);
});

/** Writes an SQLite database of another application. */
const foreignDatabase = async (file: string): Promise<void> => {
  const db = new sqlite3.Database(file);
  await new Promise<void>((resolve, reject) =>
    db.exec(
      "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos VALUES (1, 'a.jpg');",
      (e) => (e ? reject(e) : resolve()),
    ),
  );
  await new Promise<void>((resolve) => db.close(() => resolve()));
};

/** A copy of the backup whose index no longer matches its table: only the full integrity check sees it. */
const inconsistentBackup = async (backup: string, file: string): Promise<void> => {
  copyFileSync(backup, file);
  const db = new sqlite3.Database(file);
  await new Promise<void>((resolve, reject) =>
    db.exec(
      `CREATE INDEX journal_type ON journal (type); PRAGMA writable_schema = ON;
       UPDATE sqlite_schema SET sql = 'CREATE INDEX journal_type ON journal (at)' WHERE name = 'journal_type';`,
      (e) => (e ? reject(e) : resolve()),
    ),
  );
  await new Promise<void>((resolve) => db.close(() => resolve()));
};

/** A copy of the backup claiming a schema from a later Portcullis. */
const newerBackup = async (backup: string, file: string): Promise<void> => {
  copyFileSync(backup, file);
  const db = new sqlite3.Database(file);
  await new Promise<void>((resolve, reject) =>
    db.exec(
      "INSERT INTO schema_migrations (version, name, applied_at) SELECT max(version) + 1, 'from the future', 0 FROM schema_migrations",
      (e) => (e ? reject(e) : resolve()),
    ),
  );
  await new Promise<void>((resolve) => db.close(() => resolve()));
};

describe("restore of an older Portcullis's database", () => {
  it("migrates it to this version's schema on the way in", async () => {
    const { dataDir, clock } = await siteWithBackup("restore-older");
    const file = join(tempDir("restore-older-file"), "v3.db");
    const old = await Database.open(file);
    await migrate(old, clock.now(), migrations.slice(0, 3));
    await old.close();
    const restored = await restoreDatabase(file, { dataDir, clock, logger: silentLogger });
    expect(restored.schemaVersion).toBe(3);
    expect(await rows(databaseFile(dataDir), "SELECT max(version) AS v FROM schema_migrations")).toEqual([
      { v: migrations.length },
    ]);
  }, 60_000);
});

describe("restore refuses a corrupt or foreign file and changes nothing", () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly make: (backup: string, file: string) => Promise<void> | void;
    readonly reason: RegExp;
  }> = [
    {
      name: "random bytes",
      make: (_, f) => writeFileSync(f, Buffer.alloc(8192, 0x5a)),
      reason: /damaged or not an SQLite database/,
    },
    { name: "an empty file", make: (_, f) => writeFileSync(f, ""), reason: /not a Portcullis database/ },
    {
      name: "another application's database",
      make: (_, f) => foreignDatabase(f),
      reason: /not a Portcullis database/,
    },
    {
      name: "a truncated backup",
      make: (b, f) => {
        copyFileSync(b, f);
        truncateSync(f, Math.floor(statSync(b).size / 2));
      },
      reason: /damaged or not an SQLite database \(SQLITE_CORRUPT/,
    },
    {
      name: "a backup with a damaged page",
      make: (b, f) => {
        const bytes = readFileSync(b);
        const page = bytes.readUInt16BE(16);
        bytes.fill(0xa7, page * 3, page * 4);
        writeFileSync(f, bytes);
      },
      reason: /damaged or not an SQLite database \(SQLITE_CORRUPT/,
    },
    {
      name: "a backup failing the integrity check",
      make: inconsistentBackup,
      reason: /it fails SQLite's integrity check \(.*journal_type/,
    },
    {
      name: "a backup from a newer Portcullis",
      make: newerBackup,
      reason: /schema version \d+ is newer than this Portcullis/,
    },
  ];

  it.each(cases)(
    "$name",
    async ({ make, reason }) => {
      const { dataDir, clock, backup } = await siteWithBackup("restore-bad");
      const file = join(tempDir("restore-bad-file"), "candidate.db");
      await make(backup.file, file);
      const database = digest(databaseFile(dataDir));
      const candidate = digest(file);
      const listing = readdirSync(dataDir).sort();

      const refusal = await restoreDatabase(file, { dataDir, clock, logger: silentLogger }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refusal).toBeInstanceOf(BackupError);
      expect((refusal as BackupError).message).toMatch(/^candidate\.db cannot be restored: /);
      expect((refusal as BackupError).message).toMatch(reason);
      expect(digest(databaseFile(dataDir))).toBe(database);
      expect(digest(file)).toBe(candidate);
      expect(readdirSync(dataDir).sort()).toEqual(listing);
    },
    60_000,
  );
});
