/**
 * This server's multi-server state in its SQLite store: its role (none, sub with an active key, or
 * main with its own NATS user), a sub's cursor in the globals stream, and a main's sub servers.
 */
import { randomBytes } from "node:crypto";
import type { Database } from "../store";
import type { ConfigurationKey } from "./ConfigurationKey";
import type { NatsConfigFile } from "./pairing";

/** What this server is in a multi-server system. */
export type MultiRole =
  | { readonly role: "none" }
  /** A sub: its key is active (until revoked); `origin` names the main once it has heard from it. */
  | { readonly role: "sub"; readonly key: ConfigurationKey; readonly origin?: string }
  /** A main: its own NATS user, in the nats-server configuration it generates. */
  | {
      readonly role: "main";
      readonly serverId: string;
      readonly natsUser: string;
      readonly natsPassword: string;
    };

/** A sub server as its main knows it. */
export interface SubServer {
  readonly serverId: string;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly natsUser: string;
  readonly natsPassword: string;
  readonly addedAt: number;
}

interface SubRow {
  server_id: string;
  name: string;
  host: string;
  port: number;
  nats_user: string;
  nats_password: string;
  added_at: number;
}

const toSub = (r: SubRow): SubServer => ({
  serverId: r.server_id,
  name: r.name,
  host: r.host,
  port: r.port,
  natsUser: r.nats_user,
  natsPassword: r.nats_password,
  addedAt: r.added_at,
});

/** A fresh random identifier: hex, so it fits NATS subjects and user names. */
export const newServerId = (): string => randomBytes(8).toString("hex");

/** A fresh secret (base64url, 256 bits). */
export const newSecret = (): string => randomBytes(32).toString("base64url");

/** Reads and writes the multi-server tables. */
export class MultiState {
  constructor(private readonly db: Database) {}

  async role(): Promise<MultiRole> {
    return (await this.setting<MultiRole>("role")) ?? { role: "none" };
  }

  async setRole(role: MultiRole): Promise<void> {
    await this.put("role", role);
  }

  /** A sub's cursor: the stream sequence of the last global change applied (0: none yet). */
  async cursor(): Promise<number> {
    return (await this.setting<number>("cursor")) ?? 0;
  }

  async setCursor(seq: number): Promise<void> {
    await this.put("cursor", seq);
  }

  /** Where a main writes its nats-server configuration, once told. */
  async natsConfigFile(): Promise<NatsConfigFile | undefined> {
    return this.setting<NatsConfigFile>("natsConfigFile");
  }

  async setNatsConfigFile(file: NatsConfigFile): Promise<void> {
    await this.put("natsConfigFile", file);
  }

  /** A main's sub servers, oldest first (removed ones left out). */
  async subs(): Promise<SubServer[]> {
    const rows = await this.db.all<SubRow>(
      "SELECT * FROM multi_subs WHERE removed_at IS NULL ORDER BY added_at, name",
    );
    return rows.map(toSub);
  }

  /** Whether a key with this secret hash was ever imported here, removed or not. */
  async secretUsed(secretHash: string): Promise<boolean> {
    return (await this.db.get("SELECT 1 FROM multi_subs WHERE secret_hash = ?", [secretHash])) !== undefined;
  }

  async addSub(sub: SubServer, secretHash: string): Promise<void> {
    await this.db.run(
      `INSERT INTO multi_subs (server_id, name, host, port, nats_user, nats_password, secret_hash, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (server_id) DO UPDATE SET name = excluded.name, host = excluded.host, port = excluded.port,
         nats_user = excluded.nats_user, nats_password = excluded.nats_password,
         secret_hash = excluded.secret_hash, added_at = excluded.added_at, removed_at = NULL`,
      [sub.serverId, sub.name, sub.host, sub.port, sub.natsUser, sub.natsPassword, secretHash, sub.addedAt],
    );
  }

  async removeSub(serverId: string, at: number): Promise<void> {
    await this.db.run("UPDATE multi_subs SET removed_at = ? WHERE server_id = ?", [at, serverId]);
  }

  /** A main's hash of what it last published per subject. */
  async published(): Promise<Map<string, string>> {
    const rows = await this.db.all<{ subject: string; hash: string }>(
      "SELECT subject, hash FROM multi_published",
    );
    return new Map(rows.map((r) => [r.subject, r.hash]));
  }

  async setPublished(entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const [subject, hash] of entries)
        await tx.run(
          "INSERT INTO multi_published (subject, hash) VALUES (?, ?) ON CONFLICT (subject) DO UPDATE SET hash = excluded.hash",
          [subject, hash],
        );
    });
  }

  private async setting<T>(name: string): Promise<T | undefined> {
    const row = await this.db.get<{ json: string }>("SELECT json FROM multi_settings WHERE name = ?", [name]);
    return row === undefined ? undefined : (JSON.parse(row.json) as T);
  }

  private async put(name: string, value: unknown): Promise<void> {
    await this.db.run(
      "INSERT INTO multi_settings (name, json) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET json = excluded.json",
      [name, JSON.stringify(value)],
    );
  }
}
