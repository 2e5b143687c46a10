/** The first admin token from `PORTCULLIS_ADMIN_TOKEN` (issue 10 §5): a short one is refused before anything is written. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "@portcullis/testkit";
import { demoSiteFile } from "../../src/demo/demoSite";
import { AdminTokenTooShort, Host } from "../../src/runtime/Host";
import { tempDir } from "./tempDir";

const start = (dataDir: string, token: string) =>
  Host.start({
    dataDir,
    site: { file: demoSiteFile(), source: "demo" },
    clock: new VirtualClock(Date.UTC(2026, 10, 23, 9)),
    environment: { PORTCULLIS_ADMIN_TOKEN: token },
  });

describe("PORTCULLIS_ADMIN_TOKEN", () => {
  it("is refused when shorter than 32 characters, and nothing is written", async () => {
    const dataDir = tempDir("admin-short");
    await expect(start(dataDir, "hunter2")).rejects.toBeInstanceOf(AdminTokenTooShort);
    await expect(start(dataDir, "x".repeat(31))).rejects.toThrow(/31 characters; give at least 32/);
    expect(existsSync(join(dataDir, "portcullis.db"))).toBe(false);
  });

  it("becomes the admin token when long enough, and is not shown", async () => {
    const dataDir = tempDir("admin-given");
    const secret = "a-long-enough-admin-token-0123456789";
    const host = await start(dataDir, secret);
    expect(host.announced).toEqual([]);
    expect(await host.store.tokens.verify(secret)).toMatchObject({ role: "admin" });
    await host.stop();
  });
});
