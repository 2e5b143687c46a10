/** API tokens: hashed secrets, roles, expiry and revocation. */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { useTempDir } from "./tempDir";

const dir = useTempDir();

describe("ApiTokens", () => {
  it("stores only the SHA-256 of a secret and verifies the secret", async () => {
    const clock = new VirtualClock(1_000);
    const store = await Store.open({ path: join(dir(), "tokens.db"), clock });
    expect(await store.tokens.count()).toBe(0);
    const { token, secret } = await store.tokens.issue({ role: "admin", label: "first start" });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await store.db.get<{ secret_sha256: Buffer }>("SELECT secret_sha256 FROM api_tokens");
    expect(row?.secret_sha256.equals(createHash("sha256").update(secret).digest())).toBe(true);
    const dump = JSON.stringify(await store.db.all("SELECT * FROM api_tokens"));
    expect(dump).not.toContain(secret);
    expect(await store.tokens.verify(secret)).toEqual(token);
    expect(await store.tokens.verify(`${secret}x`)).toBeUndefined();
    await store.close();
  });

  it("honours a given secret, expiry and revocation", async () => {
    const clock = new VirtualClock(1_000);
    const store = await Store.open({ path: join(dir(), "tokens.db"), clock });
    const admin = await store.tokens.issue({ role: "admin", secret: "from-the-environment" });
    const op = await store.tokens.issue({ role: "operator", expiresAt: 2_000 });
    const viewer = await store.tokens.issue({ role: "viewer" });
    expect((await store.tokens.verify("from-the-environment"))?.id).toBe(admin.token.id);
    expect((await store.tokens.verify(op.secret))?.role).toBe("operator");
    clock.advance(1_000);
    expect(await store.tokens.verify(op.secret)).toBeUndefined();
    expect(await store.tokens.revoke(viewer.token.id)).toBe(true);
    expect(await store.tokens.revoke(viewer.token.id)).toBe(false);
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
});
