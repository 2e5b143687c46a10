/** Versioned schema migrations: an ordered list in code, applied once each and recorded in `schema_migrations`. */
import type { Database } from "./Database";
import { StoreError } from "./StoreError";

/** One schema step. Versions start at 1 and increase by one; a released migration is never edited. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration of the Portcullis schema, in order. */
export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: "configuration",
    sql: `
      CREATE TABLE site_documents (
        name TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE config_entities (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        json TEXT NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (kind, id)
      ) WITHOUT ROWID;
      -- One row per entity touched by a change set; before/after NULL = absent (created/deleted).
      CREATE TABLE config_history (
        revision INTEGER NOT NULL,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        before TEXT,
        after TEXT,
        at INTEGER NOT NULL,
        by TEXT NOT NULL,
        PRIMARY KEY (revision, kind, id)
      ) WITHOUT ROWID;`,
  },
  {
    version: 2,
    name: "api tokens",
    sql: `
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        secret_sha256 BLOB NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER
      );`,
  },
  {
    version: 3,
    name: "event journal",
    sql: `
      CREATE TABLE journal (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        json TEXT NOT NULL
      );`,
  },
  {
    version: 4,
    name: "domain facts",
    sql: `
      CREATE TABLE door_facts (
        door_id TEXT PRIMARY KEY,
        slot TEXT NOT NULL CHECK (slot IN ('none', 'unlock', 'lock', 'lockdown')),
        override INTEGER NOT NULL,
        override_at INTEGER,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE presence (
        zone_id TEXT NOT NULL,
        cardholder_id TEXT NOT NULL,
        entered_at INTEGER NOT NULL,
        PRIMARY KEY (zone_id, cardholder_id)
      ) WITHOUT ROWID;
      CREATE INDEX presence_cardholder ON presence (cardholder_id);
      CREATE TABLE credential_usage (
        credential_id TEXT PRIMARY KEY,
        uses INTEGER NOT NULL,
        first_use INTEGER NOT NULL,
        last_use INTEGER NOT NULL
      ) WITHOUT ROWID;`,
  },
  {
    version: 5,
    name: "api tokens keyed",
    // Secrets are stored as HMAC-SHA256 under a key derived from the main key (held outside the
    // database), no longer as bare SHA-256. A bare hash is kept only until the host, which has the
    // key, rekeys it (`ApiTokens.rekeyLegacy`). `ends_with_run` marks tokens valid until shutdown.
    sql: `
      CREATE TABLE api_tokens_v5 (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        secret_mac BLOB UNIQUE,
        legacy_sha256 BLOB UNIQUE,
        label TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER,
        ends_with_run INTEGER NOT NULL DEFAULT 0,
        CHECK ((secret_mac IS NULL) <> (legacy_sha256 IS NULL))
      );
      INSERT INTO api_tokens_v5 (id, role, legacy_sha256, label, created_at, expires_at, revoked_at)
        SELECT id, role, secret_sha256, label, created_at, expires_at, revoked_at FROM api_tokens;
      DROP TABLE api_tokens;
      ALTER TABLE api_tokens_v5 RENAME TO api_tokens;`,
  },
  {
    version: 6,
    name: "event history and musters",
    sql: `
      -- A Bloom filter of the keys (type, door, reader, cardholder, zone) of each full block of journal
      -- seqs: history queries skip blocks that cannot match, with nothing added to the journal's commit.
      CREATE TABLE journal_blooms (
        block INTEGER PRIMARY KEY,
        bits BLOB NOT NULL
      );
      CREATE TABLE musters (
        id TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        through_seq INTEGER NOT NULL
      );
      CREATE TABLE muster_people (
        muster_id TEXT NOT NULL REFERENCES musters (id) ON DELETE CASCADE,
        cardholder_id TEXT NOT NULL,
        zone_id TEXT NOT NULL,
        safe_at INTEGER,
        safe_by TEXT,
        PRIMARY KEY (muster_id, cardholder_id)
      ) WITHOUT ROWID;`,
  },
  {
    version: 7,
    name: "configuration per entity",
    // The site stored as one document becomes a row per entity (a change writes only its rows) and
    // two rows of settings (kinds `site` and `policy`: their fields other than entity lists).
    // `position` keeps each kind in the order of its list, as the running site has it.
    // Keyed by (kind, position), so a start reads each kind in list order with one scan and no sort;
    // (kind, id) stays unique for changes by id.
    sql: `
      CREATE TABLE config_entities_v7 (
        kind TEXT NOT NULL,
        position INTEGER NOT NULL,
        id TEXT NOT NULL,
        json TEXT NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (kind, position)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX config_entities_id ON config_entities_v7 (kind, id);
      INSERT INTO config_entities_v7 (kind, position, id, json, revision)
        SELECT l.kind, e.key, json_extract(e.value, l.idPath), e.value, 0
        FROM site_documents d,
          (SELECT 'controller' AS kind, '$.site.controllers' AS path, '$.id' AS idPath
          UNION ALL SELECT 'door', '$.site.doors', '$.id'
          UNION ALL SELECT 'schedule', '$.site.schedules', '$.id'
          UNION ALL SELECT 'cardholder', '$.policy.cardholders', '$.id'
          UNION ALL SELECT 'credential', '$.policy.credentials', '$.id'
          UNION ALL SELECT 'group', '$.policy.groups', '$.id'
          UNION ALL SELECT 'rule', '$.policy.rules', '$.id'
          UNION ALL SELECT 'profile', '$.policy.profiles', '$.id'
          UNION ALL SELECT 'zone', '$.policy.zones', '$.id'
          UNION ALL SELECT 'doorPolicy', '$.policy.doorPolicies', '$.doorId') l,
          json_each(d.json, l.path) e
        WHERE d.name = 'site';
      INSERT INTO config_entities_v7 (kind, position, id, json, revision)
        SELECT 'site', 0, 'site', json_remove(json_extract(json, '$.site'), '$.controllers', '$.doors', '$.schedules'), 0
        FROM site_documents WHERE name = 'site'
        UNION ALL
        SELECT 'policy', 0, 'policy', json_remove(json_extract(json, '$.policy'), '$.cardholders', '$.credentials', '$.groups', '$.rules', '$.profiles', '$.zones', '$.doorPolicies'), 0
        FROM site_documents WHERE name = 'site';
      -- Rows written before (the table had no users) follow the site's, by id.
      INSERT INTO config_entities_v7 (kind, position, id, json, revision)
        SELECT o.kind,
          coalesce((SELECT max(n.position) + 1 FROM config_entities_v7 n WHERE n.kind = o.kind), 0)
            + row_number() OVER (PARTITION BY o.kind ORDER BY o.id) - 1,
          o.id, o.json, o.revision
        FROM config_entities o
        WHERE NOT EXISTS (SELECT 1 FROM config_entities_v7 n WHERE n.kind = o.kind AND n.id = o.id);
      DROP TABLE config_entities;
      ALTER TABLE config_entities_v7 RENAME TO config_entities;
      DELETE FROM site_documents WHERE name = 'site';`,
  },
  {
    version: 8,
    name: "api token users",
    // A token belongs to a named user: who a configuration change names. Tokens from before keep
    // their label as their user.
    sql: `
      ALTER TABLE api_tokens ADD COLUMN user TEXT NOT NULL DEFAULT '';
      UPDATE api_tokens SET user = label;`,
  },
  {
    version: 9,
    name: "import undo point",
    sql: `
      -- The configuration saved before the last cardholder import (seed "Undo import"): one row at most.
      CREATE TABLE import_undo (
        slot INTEGER PRIMARY KEY CHECK (slot = 1),
        json TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        saved_by TEXT NOT NULL
      );`,
  },
  {
    version: 10,
    name: "alarms",
    sql: `
      -- The host's alarms (issue 13), derived from the journal: one row per raising event's seq.
      -- open = 1 while unacknowledged or its condition lasts; condition is what clears it, if anything.
      CREATE TABLE alarms (
        seq INTEGER PRIMARY KEY,
        open INTEGER NOT NULL CHECK (open IN (0, 1)),
        condition TEXT,
        json TEXT NOT NULL
      );
      CREATE INDEX alarms_open ON alarms (open, seq);
      -- The last journal seq the stored alarms account for: a restart reads the journal on from it.
      CREATE TABLE alarm_cursor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL
      );
      INSERT INTO alarm_cursor (id, seq) VALUES (1, 0);`,
  },
  {
    version: 11,
    name: "multi-server",
    sql: `
      -- This server's part in a multi-server system (none, sub with its key, main with its NATS user)
      -- and a sub's cursor: the JetStream sequence of the last global change applied.
      CREATE TABLE multi_settings (
        name TEXT PRIMARY KEY,
        json TEXT NOT NULL
      );
      -- A main's sub servers; a removed one keeps its row (removed_at) so its key cannot be imported again.
      CREATE TABLE multi_subs (
        server_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        nats_user TEXT NOT NULL,
        nats_password TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        removed_at INTEGER
      );
      -- What a main last published per global entity subject (a hash), so it publishes each change once.
      CREATE TABLE multi_published (
        subject TEXT PRIMARY KEY,
        hash TEXT NOT NULL
      ) WITHOUT ROWID;`,
  },
];

/** The schema version of a database: the last applied migration, 0 for an empty file. */
export const schemaVersion = async (db: Database): Promise<number> => {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
  );
  const row = await db.get<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations");
  return row?.v ?? 0;
};

/**
 * Applies the migrations past the database's version, each in its own transaction with its record,
 * so a crash between two leaves a consistent earlier version. A database newer than this code is
 * refused rather than written with an older schema in mind. Returns the resulting version.
 */
export const migrate = async (
  db: Database,
  now: number,
  list: ReadonlyArray<Migration> = migrations,
): Promise<number> => {
  const current = await schemaVersion(db);
  const latest = list.at(-1)?.version ?? 0;
  if (current > latest)
    throw new StoreError({
      message: `${db.path} has schema version ${current}, newer than this Portcullis (${latest})`,
      cause: undefined,
    });
  for (const m of list) {
    if (m.version <= current) continue;
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        m.version,
        m.name,
        now,
      ]);
    });
  }
  return Math.max(current, latest);
};
