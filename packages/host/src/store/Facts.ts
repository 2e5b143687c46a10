/** The domain facts actors are rebuilt from (DESIGN §2), staged in memory and committed with the journal's batch. */
import type { DoorFacts } from "@portcullis/engine";
import type { Database, Executor, SqlValue } from "./Database";
import type { BatchWriter, Journal, StagedWrite } from "./Journal";
import { MultiRowStatement } from "./multiRow";

/** A door's persisted facts: its manual slot and double-swipe override, with when the override was set. */
export interface DoorFactsRecord extends DoorFacts {
  /** When the override was set; on rebuild it is dropped if the unlock schedule changed since. */
  readonly overrideAt: number | undefined;
  readonly updatedAt: number;
}

/** A cardholder present in an anti-passback zone since `enteredAt`. */
export interface PresenceRecord {
  readonly zoneId: string;
  readonly cardholderId: string;
  readonly enteredAt: number;
}

/** How often and when a credential was used (a use is a grant): validity "from first/last use" and "N uses". */
export interface CredentialUsage {
  readonly credentialId: string;
  readonly uses: number;
  readonly firstUse: number;
  readonly lastUse: number;
}

/** Which presence a forgive clears: one cardholder, one zone, both, or (neither) everyone. */
export interface ForgiveScope {
  readonly cardholderId?: string;
  readonly zoneId?: string;
}

interface PresenceChange {
  readonly zoneId: string;
  readonly cardholderId: string;
  readonly enteredAt: number | undefined;
}

/** What is staged for one commit. Presence: forgives run first, then the latest enter/leave per key. */
interface Staged {
  readonly doors: Map<string, DoorFactsRecord>;
  readonly forgives: ForgiveScope[];
  /** By `zone \0 cardholder`; `enteredAt` undefined for a leave. */
  readonly presence: Map<string, PresenceChange>;
  readonly usage: Map<string, CredentialUsage>;
}

const empty = (): Staged => ({ doors: new Map(), forgives: [], presence: new Map(), usage: new Map() });
const presenceKey = (zoneId: string, cardholderId: string) => `${zoneId}\0${cardholderId}`;
const covers = (scope: ForgiveScope, zoneId: string, cardholderId: string): boolean =>
  (scope.zoneId === undefined || scope.zoneId === zoneId) &&
  (scope.cardholderId === undefined || scope.cardholderId === cardholderId);

const upsertDoors = new MultiRowStatement(
  "INSERT INTO door_facts (door_id, slot, override, override_at, updated_at) VALUES",
  5,
  `ON CONFLICT (door_id) DO UPDATE SET slot = excluded.slot, override = excluded.override,
   override_at = excluded.override_at, updated_at = excluded.updated_at`,
);
const upsertPresence = new MultiRowStatement(
  "INSERT INTO presence (zone_id, cardholder_id, entered_at) VALUES",
  3,
  "ON CONFLICT (zone_id, cardholder_id) DO UPDATE SET entered_at = excluded.entered_at",
);
const deletePresence = new MultiRowStatement(
  "DELETE FROM presence WHERE (zone_id, cardholder_id) IN (VALUES",
  2,
  ")",
);
const upsertUsage = new MultiRowStatement(
  "INSERT INTO credential_usage (credential_id, uses, first_use, last_use) VALUES",
  4,
  `ON CONFLICT (credential_id) DO UPDATE SET uses = uses + excluded.uses,
   first_use = min(first_use, excluded.first_use), last_use = max(last_use, excluded.last_use)`,
);

/**
 * Staging and reading of domain facts. Each setter only updates a map and marks the journal's
 * batch dirty, so facts commit in the same transaction as the events that caused them: after a
 * crash, the facts on disk match the journal on disk.
 */
export class Facts implements BatchWriter {
  private staged = empty();
  private readonly markDirty: () => void;

  constructor(
    private readonly db: Database,
    journal: Pick<Journal, "attach">,
  ) {
    this.markDirty = journal.attach(this);
  }

  /** Stages a door's slot and override (the latest per door wins). */
  setDoor(doorId: string, facts: DoorFactsRecord): void {
    this.staged.doors.set(doorId, facts);
    this.markDirty();
  }

  /** Stages a cardholder's entry into a zone (on `AccessTaken`). */
  enter(zoneId: string, cardholderId: string, enteredAt: number): void {
    this.staged.presence.set(presenceKey(zoneId, cardholderId), { zoneId, cardholderId, enteredAt });
    this.markDirty();
  }

  /** Stages a cardholder's leaving a zone. */
  leave(zoneId: string, cardholderId: string): void {
    this.staged.presence.set(presenceKey(zoneId, cardholderId), {
      zoneId,
      cardholderId,
      enteredAt: undefined,
    });
    this.markDirty();
  }

  /** Stages an operator's forgive; presence staged before it in this batch is superseded. */
  forgive(scope: ForgiveScope): void {
    for (const [key, p] of this.staged.presence)
      if (covers(scope, p.zoneId, p.cardholderId)) this.staged.presence.delete(key);
    this.staged.forgives.push(scope);
    this.markDirty();
  }

  /** Stages `count` uses of a credential between `firstUse` and `lastUse` (one grant: both `at`). */
  recordUse(credentialId: string, at: number, count = 1, lastUse = at): void {
    const known = this.staged.usage.get(credentialId);
    this.staged.usage.set(
      credentialId,
      known === undefined
        ? { credentialId, uses: count, firstUse: at, lastUse }
        : {
            credentialId,
            uses: known.uses + count,
            firstUse: Math.min(known.firstUse, at),
            lastUse: Math.max(known.lastUse, lastUse),
          },
    );
    this.markDirty();
  }

  /** @internal Journal side: hands over what is staged. */
  take(): StagedWrite | undefined {
    const s = this.staged;
    if (s.doors.size + s.forgives.length + s.presence.size + s.usage.size === 0) return undefined;
    this.staged = empty();
    return { write: (tx) => write(tx, s), restore: () => this.restore(s) };
  }

  /** Stages `older` again beneath what was staged since, by replaying both in order. */
  private restore(older: Staged): void {
    const newer = this.staged;
    this.staged = empty();
    for (const s of [older, newer]) {
      for (const [doorId, facts] of s.doors) this.setDoor(doorId, facts);
      for (const scope of s.forgives) this.forgive(scope);
      for (const p of s.presence.values())
        if (p.enteredAt === undefined) this.leave(p.zoneId, p.cardholderId);
        else this.enter(p.zoneId, p.cardholderId, p.enteredAt);
      for (const u of s.usage.values()) this.recordUse(u.credentialId, u.firstUse, u.uses, u.lastUse);
    }
  }

  /** Committed door facts, by door id. */
  async doors(): Promise<Map<string, DoorFactsRecord>> {
    const rows = await this.db.all<{
      door_id: string;
      slot: DoorFacts["slot"];
      override: number;
      override_at: number | null;
      updated_at: number;
    }>("SELECT door_id, slot, override, override_at, updated_at FROM door_facts");
    return new Map(
      rows.map((r) => [
        r.door_id,
        {
          slot: r.slot,
          override: r.override !== 0,
          overrideAt: r.override_at ?? undefined,
          updatedAt: r.updated_at,
        },
      ]),
    );
  }

  /** Committed anti-passback presence. */
  presence(): Promise<PresenceRecord[]> {
    return this.db.all<PresenceRecord>(
      `SELECT zone_id AS zoneId, cardholder_id AS cardholderId, entered_at AS enteredAt
       FROM presence ORDER BY zone_id, cardholder_id`,
    );
  }

  /** Committed credential use counters. */
  credentialUsage(): Promise<CredentialUsage[]> {
    return this.db.all<CredentialUsage>(
      `SELECT credential_id AS credentialId, uses, first_use AS firstUse, last_use AS lastUse
       FROM credential_usage ORDER BY credential_id`,
    );
  }
}

const forgiveSql = (scope: ForgiveScope): [string, SqlValue[]] => {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (scope.zoneId !== undefined) {
    where.push("zone_id = ?");
    params.push(scope.zoneId);
  }
  if (scope.cardholderId !== undefined) {
    where.push("cardholder_id = ?");
    params.push(scope.cardholderId);
  }
  return [`DELETE FROM presence${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""}`, params];
};

const write = async (tx: Executor, s: Staged): Promise<void> => {
  await upsertDoors.run(
    tx,
    [...s.doors].flatMap(([doorId, f]) => [
      doorId,
      f.slot,
      f.override ? 1 : 0,
      f.overrideAt ?? null,
      f.updatedAt,
    ]),
  );
  for (const scope of s.forgives) await tx.run(...forgiveSql(scope));
  const leaves: SqlValue[] = [];
  const enters: SqlValue[] = [];
  for (const p of s.presence.values())
    if (p.enteredAt === undefined) leaves.push(p.zoneId, p.cardholderId);
    else enters.push(p.zoneId, p.cardholderId, p.enteredAt);
  await deletePresence.run(tx, leaves);
  await upsertPresence.run(tx, enters);
  await upsertUsage.run(
    tx,
    [...s.usage.values()].flatMap((u) => [u.credentialId, u.uses, u.firstUse, u.lastUse]),
  );
};
