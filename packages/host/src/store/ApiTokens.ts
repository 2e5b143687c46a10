/** API tokens with roles (DESIGN §8): only a keyed MAC of each secret is stored. */
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { EngineClock } from "@portcullis/engine";
import type { Database } from "./Database";
import { StoreError } from "./StoreError";

/** Cumulative roles: viewer ⊂ operator ⊂ admin. */
export type TokenRole = "viewer" | "operator" | "admin";

/** A token as stored: never its secret. */
export interface ApiToken {
  readonly id: string;
  readonly role: TokenRole;
  /** The named user the token belongs to: who its configuration changes and manual actions name. */
  readonly user: string;
  readonly label: string;
  readonly createdAt: number;
  readonly expiresAt: number | undefined;
  readonly revokedAt: number | undefined;
}

/** A token just issued, with the secret to hand over once: it cannot be read back. */
export interface IssuedToken {
  readonly token: ApiToken;
  readonly secret: string;
}

/** What to issue. */
export interface IssueOptions {
  readonly role: TokenRole;
  /** Default: the label. */
  readonly user?: string;
  readonly label?: string;
  readonly expiresAt?: number;
  /** A given secret (`PORTCULLIS_ADMIN_TOKEN`) instead of 32 random bytes. */
  readonly secret?: string;
  /** Valid until this run of the host ends (the demo's operator token): the next start revokes it, crash or not. */
  readonly untilShutdown?: boolean;
}

/** Why `revoke` changed nothing. */
export type RevokeRefusal = "unknown" | "last-admin";

interface TokenRow {
  id: string;
  role: TokenRole;
  user: string;
  label: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

const COLUMNS = "id, role, user, label, created_at, expires_at, revoked_at";

const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  role: r.role,
  user: r.user,
  label: r.label,
  createdAt: r.created_at,
  expiresAt: r.expires_at ?? undefined,
  revokedAt: r.revoked_at ?? undefined,
});

const sha256 = (secret: string): Buffer => createHash("sha256").update(secret, "utf8").digest();

/** A live token: neither revoked nor expired (bind the time). */
const LIVE = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)";

/**
 * Issues, verifies, lists and revokes API tokens. A secret is stored as HMAC-SHA256, under a key
 * derived from the main key, of its SHA-256: a copy of the database alone cannot test guesses of a
 * weak given token, and tokens stored as bare SHA-256 by older versions are rekeyed in place.
 */
export class ApiTokens {
  constructor(
    private readonly db: Database,
    private readonly clock: EngineClock,
    /** The MAC key; a store opened without one (tools, tests of other parts) has no tokens to offer. */
    private readonly key: Uint8Array | undefined,
  ) {}

  private macOf(secretSha256: Buffer): Buffer {
    if (this.key === undefined)
      throw new StoreError({
        message: "API tokens need the token key (derived from the main key)",
        cause: undefined,
      });
    return createHmac("sha256", this.key).update(secretSha256).digest();
  }

  /** Rekeys tokens stored as bare SHA-256 by an older version; returns how many. */
  async rekeyLegacy(): Promise<number> {
    const legacy = await this.db.all<{ id: string; legacy_sha256: Buffer }>(
      "SELECT id, legacy_sha256 FROM api_tokens WHERE legacy_sha256 IS NOT NULL",
    );
    if (legacy.length === 0) return 0;
    await this.db.transaction(async (tx) => {
      for (const row of legacy)
        await tx.run("UPDATE api_tokens SET secret_mac = ?, legacy_sha256 = NULL WHERE id = ?", [
          this.macOf(row.legacy_sha256),
          row.id,
        ]);
    });
    return legacy.length;
  }

  /** Revokes the tokens of an earlier run that were valid until its shutdown; returns how many. */
  async revokeEndedRuns(): Promise<number> {
    const result = await this.db.run(
      "UPDATE api_tokens SET revoked_at = ? WHERE ends_with_run = 1 AND revoked_at IS NULL",
      [this.clock.now()],
    );
    return result.changes;
  }

  /** Stores a new token and returns it with its secret. */
  async issue(options: IssueOptions): Promise<IssuedToken> {
    const secret = options.secret ?? randomBytes(32).toString("base64url");
    const token: ApiToken = {
      id: randomBytes(8).toString("hex"),
      role: options.role,
      user: options.user ?? options.label ?? "",
      label: options.label ?? "",
      createdAt: this.clock.now(),
      expiresAt: options.expiresAt,
      revokedAt: undefined,
    };
    await this.db.run(
      `INSERT INTO api_tokens (${COLUMNS}, secret_mac, ends_with_run) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      [
        token.id,
        token.role,
        token.user,
        token.label,
        token.createdAt,
        token.expiresAt ?? null,
        this.macOf(sha256(secret)),
        options.untilShutdown === true ? 1 : 0,
      ],
    );
    return { token, secret };
  }

  /** The token a secret belongs to, if it is neither revoked nor expired now. */
  async verify(secret: string): Promise<ApiToken | undefined> {
    const row = await this.db.get<TokenRow>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE secret_mac = ? AND ${LIVE}`,
      [this.macOf(sha256(secret)), this.clock.now()],
    );
    return row && toToken(row);
  }

  /** Every token, revoked and expired ones too, oldest first. */
  async list(): Promise<ApiToken[]> {
    const rows = await this.db.all<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, rowid`);
    return rows.map(toToken);
  }

  /**
   * Revokes a token, unless it is the last live admin token (nobody could administer the host
   * after it): checked and done in one statement, so two admins revoking each other cannot both win.
   */
  async revoke(id: string): Promise<true | RevokeRefusal> {
    const now = this.clock.now();
    const result = await this.db.run(
      `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL
       AND (role <> 'admin' OR expires_at <= ?
            OR EXISTS (SELECT 1 FROM api_tokens o WHERE o.role = 'admin' AND o.id <> ?
                       AND o.revoked_at IS NULL AND (o.expires_at IS NULL OR o.expires_at > ?)))`,
      [now, id, now, id, now],
    );
    if (result.changes > 0) return true;
    const row = await this.db.get<{ role: TokenRole }>(
      `SELECT role FROM api_tokens WHERE id = ? AND revoked_at IS NULL`,
      [id],
    );
    return row?.role === "admin" ? "last-admin" : "unknown";
  }

  /** How many tokens were ever issued: none means a first start (DESIGN §8). */
  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>("SELECT count(*) AS n FROM api_tokens"))?.n ?? 0;
  }
}
