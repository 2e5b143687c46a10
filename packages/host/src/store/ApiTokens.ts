/** API tokens with roles (DESIGN §8): only a SHA-256 hash of each secret is stored. */
import { createHash, randomBytes } from "node:crypto";
import type { EngineClock } from "@portcullis/engine";
import type { Database } from "./Database";

/** Cumulative roles: viewer ⊂ operator ⊂ admin. */
export type TokenRole = "viewer" | "operator" | "admin";

/** A token as stored: never its secret. */
export interface ApiToken {
  readonly id: string;
  readonly role: TokenRole;
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
  readonly label?: string;
  readonly expiresAt?: number;
  /** A given secret (`PORTCULLIS_ADMIN_TOKEN`) instead of 32 random bytes. */
  readonly secret?: string;
}

interface TokenRow {
  id: string;
  role: TokenRole;
  label: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

const COLUMNS = "id, role, label, created_at, expires_at, revoked_at";

const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  role: r.role,
  label: r.label,
  createdAt: r.created_at,
  expiresAt: r.expires_at ?? undefined,
  revokedAt: r.revoked_at ?? undefined,
});

// Secrets are 256 random bits, so a fast unsalted hash is enough: there is nothing to brute-force.
const hashOf = (secret: string): Buffer => createHash("sha256").update(secret, "utf8").digest();

/** Issues, verifies, lists and revokes API tokens. */
export class ApiTokens {
  constructor(
    private readonly db: Database,
    private readonly clock: EngineClock,
  ) {}

  /** Stores a new token and returns it with its secret. */
  async issue(options: IssueOptions): Promise<IssuedToken> {
    const secret = options.secret ?? randomBytes(32).toString("base64url");
    const token: ApiToken = {
      id: randomBytes(8).toString("hex"),
      role: options.role,
      label: options.label ?? "",
      createdAt: this.clock.now(),
      expiresAt: options.expiresAt,
      revokedAt: undefined,
    };
    await this.db.run(`INSERT INTO api_tokens (${COLUMNS}, secret_sha256) VALUES (?, ?, ?, ?, ?, NULL, ?)`, [
      token.id,
      token.role,
      token.label,
      token.createdAt,
      token.expiresAt ?? null,
      hashOf(secret),
    ]);
    return { token, secret };
  }

  /** The token a secret belongs to, if it is neither revoked nor expired now. */
  async verify(secret: string): Promise<ApiToken | undefined> {
    const row = await this.db.get<TokenRow>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE secret_sha256 = ? AND revoked_at IS NULL
       AND (expires_at IS NULL OR expires_at > ?)`,
      [hashOf(secret), this.clock.now()],
    );
    return row && toToken(row);
  }

  /** Every token, revoked and expired ones too, oldest first. */
  async list(): Promise<ApiToken[]> {
    const rows = await this.db.all<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, rowid`);
    return rows.map(toToken);
  }

  /** Revokes a token; false if there is no such live token. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.db.run(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
      [this.clock.now(), id],
    );
    return result.changes > 0;
  }

  /** How many tokens were ever issued: none means a first start (DESIGN §8). */
  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>("SELECT count(*) AS n FROM api_tokens"))?.n ?? 0;
  }
}
