/** HTTP on the feed's port: the console's static files with their content types, no traversal, the UI library, `/healthz`. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connect } from "./client";
import { useHarness } from "./useHarness";

const outside = mkdtempSync(join(tmpdir(), "portcullis-console-"));
const consoleDir = join(outside, "console");
mkdirSync(join(consoleDir, "assets"), { recursive: true });
writeFileSync(join(consoleDir, "index.html"), "<!doctype html><title>Portcullis</title>");
writeFileSync(join(consoleDir, "assets", "app.js"), "export {};");
writeFileSync(join(consoleDir, "assets", "app.css"), "body{}");
writeFileSync(join(outside, "secret.txt"), "main key");

const { h } = useHarness({ consoleDir });

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
const rawGet = (path: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const url = new URL(h().server.url);
    request({ host: url.hostname, port: url.port, path }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });

describe("http", () => {
  it("serves the console's UI library from the host's own packages under /vendor/, and nothing else there", async () => {
    for (const [file, marker] of [
      ["preact.mjs", "export"],
      ["preact-hooks.mjs", 'from"preact"'],
      ["signals-core.mjs", "export"],
      ["signals.mjs", 'from"@preact/signals-core"'],
      ["htm.mjs", "export"],
    ] as const) {
      const res = await fetch(`${h().server.url}/vendor/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(await res.text()).toContain(marker);
    }
    expect((await rawGet("/vendor/package.json")).status).toBe(404);
    expect((await rawGet("/vendor/../../package.json")).status).toBe(404);
    expect((await rawGet("/vendor/constructor")).status).toBe(404);
  });

  it("serves index.html at / and assets with their content types", async () => {
    const index = await fetch(`${h().server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await index.text()).toContain("Portcullis");
    const js = await fetch(`${h().server.url}/assets/app.js`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const css = await fetch(`${h().server.url}/assets/app.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await fetch(`${h().server.url}/assets/none.js`)).status).toBe(404);
    expect((await fetch(`${h().server.url}/assets/app.js`, { method: "POST" })).status).toBe(405);
  });

  it.each(["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/%00", "/%E0%A4%A"])(
    "never serves outside the console directory: %s",
    async (path) => {
      const res = await rawGet(path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain("main key");
    },
  );

  it("answers /healthz and refuses WebSocket upgrades off /ws", async () => {
    const health = await fetch(`${h().server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: "ok",
      journal: { head: 0, uncommitted: 0, commitLagMs: 0, lastError: null },
    });
    await expect(connect(`${h().server.url.replace("http", "ws")}/other`)).rejects.toThrow();
  });

  it("answers /healthz 503 with the commit lag and the error while commits fail, 200 once they succeed", async () => {
    const { site, store, clock } = h();
    await store.db.exec(
      "CREATE TRIGGER full BEFORE INSERT ON journal BEGIN SELECT RAISE(FAIL, 'disk full'); END",
    );
    site.manual("lobby", "unlock", "test");
    await expect(h().commit()).rejects.toThrow(/disk full/);
    clock.advance(500);
    const failing = await fetch(`${h().server.url}/healthz`);
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({
      status: "failing",
      journal: {
        head: 0,
        uncommitted: expect.any(Number),
        commitLagMs: 500,
        lastError: { message: expect.stringContaining("disk full"), at: expect.any(String) },
      },
    });
    await store.db.exec("DROP TRIGGER full");
    clock.advance(1_000); // the journal's retry
    await h().commit();
    const healthy = await fetch(`${h().server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({
      status: "ok",
      journal: {
        uncommitted: 0,
        commitLagMs: 0,
        lastError: { message: expect.stringContaining("disk full") },
      },
    });
  });
});
