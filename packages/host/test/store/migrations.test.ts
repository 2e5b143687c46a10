/** Migrations apply to an empty file and to a file at an older version, once each, and refuse a newer file. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Database, migrate, migrations, schemaVersion, StoreError } from "../../src/store";
import { useTempDir } from "./tempDir";

const dir = useTempDir();
const latest = migrations.at(-1)!.version;
const tables = async (db: Database) =>
  (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map(
    (r) => r.name,
  );

describe("migrations", () => {
  it("are numbered 1, 2, 3, … in order", () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it("bring an empty file to the latest version with every table", async () => {
    const db = await Database.open(join(dir(), "empty.db"));
    expect(await migrate(db, 1000)).toBe(latest);
    expect(await tables(db)).toEqual([
      "alarm_cursor",
      "alarms",
      "api_tokens",
      "config_entities",
      "config_history",
      "credential_usage",
      "door_facts",
      "import_undo",
      "journal",
      "journal_blooms",
      "multi_published",
      "multi_settings",
      "multi_subs",
      "muster_people",
      "musters",
      "presence",
      "schema_migrations",
      "site_documents",
    ]);
    const applied = await db.all<{ version: number; applied_at: number }>(
      "SELECT version, applied_at FROM schema_migrations ORDER BY version",
    );
    expect(applied).toEqual(migrations.map((m) => ({ version: m.version, applied_at: 1000 })));
    await db.close();
  });

  it("bring a file at an older version forward, keeping its data", async () => {
    const path = join(dir(), "old.db");
    const old = await Database.open(path);
    expect(await migrate(old, 1000, migrations.slice(0, 1))).toBe(1);
    await old.run("INSERT INTO config_entities (kind, id, json, revision) VALUES ('door', 'd1', '{}', 1)");
    await old.close();

    const db = await Database.open(path);
    expect(await schemaVersion(db)).toBe(1);
    expect(await migrate(db, 2000)).toBe(latest);
    expect(await db.all("SELECT version, applied_at FROM schema_migrations WHERE version <= 2")).toEqual([
      { version: 1, applied_at: 1000 },
      { version: 2, applied_at: 2000 },
    ]);
    expect(await db.all("SELECT id FROM config_entities")).toEqual([{ id: "d1" }]);
    await db.close();
  });

  it("are idempotent on restart", async () => {
    const path = join(dir(), "again.db");
    for (const now of [1000, 2000]) {
      const db = await Database.open(path);
      expect(await migrate(db, now)).toBe(latest);
      await db.close();
    }
    const db = await Database.open(path);
    expect(await db.get("SELECT count(*) AS n, max(applied_at) AS last FROM schema_migrations")).toEqual({
      n: latest,
      last: 1000,
    });
    await db.close();
  });

  it("refuse a file written by a newer schema", async () => {
    const db = await Database.open(join(dir(), "newer.db"));
    await migrate(db, 1000);
    await db.run("INSERT INTO schema_migrations VALUES (?, 'future', 0)", [latest + 1]);
    await expect(migrate(db, 2000)).rejects.toBeInstanceOf(StoreError);
    await db.close();
  });

  it("leave the previous version in place when a migration fails", async () => {
    const db = await Database.open(join(dir(), "broken.db"));
    const broken = [
      ...migrations.slice(0, 1),
      { version: 2, name: "broken", sql: "CREATE TABLE x (a); NOPE" },
    ];
    await expect(migrate(db, 1000, broken)).rejects.toBeInstanceOf(StoreError);
    expect(await schemaVersion(db)).toBe(1);
    expect(await tables(db)).not.toContain("x");
    await db.close();
  });
});
