/** API tokens: keyed MACs of secrets, roles, expiry and revocation, the last admin, tokens of ended runs. */
import { createHash, createHmac } from "node:crypto";
import { join } from "node:path";
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { Database, migrate, migrations, Store } from "../../src/store";
import { useTempDir } from "./tempDir";

const dir = useTempDir();
const tokenKey = new Uint8Array(32).fill(3);
const sha256 = (s: string) => createHash("sha256").update(s).digest();
const macOf = (secret: string) => createHmac("sha256", tokenKey).update(sha256(secret)).digest();

const open = (clock = new VirtualClock(1_000), key: Uint8Array | "none" = tokenKey) =>
  Store.open({ path: join(dir(), "tokens.db"), clock, ...(key !== "none" && { tokenKey: key }) });

describe("ApiTokens", () => {
  it("stores only a MAC of a secret under the token key, never a bare hash, and verifies the secret", async () => {
    const store = await open();
    expect(await store.tokens.count()).toBe(0);
    const { token, secret } = await store.tokens.issue({ role: "admin", label: "first start" });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await store.db.get<{ secret_mac: Buffer; legacy_sha256: Buffer | null }>(
      "SELECT secret_mac, legacy_sha256 FROM api_tokens",
    );
    expect(row?.secret_mac.equals(macOf(secret))).toBe(true);
    expect(row?.legacy_sha256).toBeNull();
    const dump = JSON.stringify(await store.db.all("SELECT * FROM api_tokens"));
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(sha256(secret).toString("hex"));
    expect(await store.tokens.verify(secret)).toEqual(token);
    expect(await store.tokens.verify(`${secret}x`)).toBeUndefined();
    await store.close();
  });

  it("rekeys tokens stored as bare SHA-256 by an older version, which keep working", async () => {
    const path = join(dir(), "tokens.db");
    const old = await Database.open(path);
    await migrate(old, 500, migrations.slice(0, 4));
    await old.run(
      "INSERT INTO api_tokens (id, role, secret_sha256, label, created_at) VALUES ('t1', 'admin', ?, 'old', 500)",
      [sha256("an old admin secret")],
    );
    await old.close();
    const store = await open();
    expect(await store.db.all("SELECT id, legacy_sha256 FROM api_tokens")).toEqual([
      { id: "t1", legacy_sha256: null },
    ]);
    expect((await store.tokens.verify("an old admin secret"))?.id).toBe("t1");
    await store.close();
  });

  it("refuses token work without the token key", async () => {
    const store = await open(new VirtualClock(1_000), "none");
    await expect(store.tokens.issue({ role: "viewer" })).rejects.toThrow(/token key/);
    await store.close();
  });

  it("honours a given secret, expiry and revocation", async () => {
    const clock = new VirtualClock(1_000);
    const store = await open(clock);
    const admin = await store.tokens.issue({ role: "admin", secret: "from-the-environment" });
    const op = await store.tokens.issue({ role: "operator", expiresAt: 2_000 });
    const viewer = await store.tokens.issue({ role: "viewer" });
    expect((await store.tokens.verify("from-the-environment"))?.id).toBe(admin.token.id);
    expect((await store.tokens.verify(op.secret))?.role).toBe("operator");
    clock.advance(1_000);
    expect(await store.tokens.verify(op.secret)).toBeUndefined();
    expect(await store.tokens.revoke(viewer.token.id)).toBe(true);
    expect(await store.tokens.revoke(viewer.token.id)).toBe("unknown");
    expect(await store.tokens.verify(viewer.secret)).toBeUndefined();
    expect((await store.tokens.list()).map((t) => [t.role, t.revokedAt])).toEqual([
      ["admin", undefined],
      ["operator", undefined],
      ["viewer", 2_000],
    ]);
    await expect(store.tokens.issue({ role: "admin", secret: "from-the-environment" })).rejects.toThrow(
      /UNIQUE/,
    );
    await store.close();
  });

  it("never revokes the last live admin token; an expired one does not count", async () => {
    const clock = new VirtualClock(1_000);
    const store = await open(clock);
    const first = await store.tokens.issue({ role: "admin" });
    const temporary = await store.tokens.issue({ role: "admin", expiresAt: 5_000 });
    expect(await store.tokens.revoke(first.token.id)).toBe(true);
    clock.advance(5_000);
    const second = await store.tokens.issue({ role: "admin" });
    expect(await store.tokens.revoke(second.token.id)).toBe("last-admin");
    expect(await store.tokens.verify(second.secret)).toBeDefined();
    expect(await store.tokens.revoke(temporary.token.id)).toBe(true);
    await store.close();
  });

  it("revokes at the next start the tokens valid until a run's shutdown", async () => {
    const store = await open();
    const demo = await store.tokens.issue({ role: "operator", untilShutdown: true });
    const kept = await store.tokens.issue({ role: "operator" });
    expect(await store.tokens.revokeEndedRuns()).toBe(1);
    expect(await store.tokens.verify(demo.secret)).toBeUndefined();
    expect(await store.tokens.verify(kept.secret)).toBeDefined();
    await store.close();
  });
});
