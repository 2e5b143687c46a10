/**
 * Cardholder photos over HTTP on a running host: `GET /api/cardholders/{id}/photo` with a bearer
 * token serves an image from the photo directory, and nothing else — no other file type, no file
 * outside the directory (`..`, an absolute path, a symbolic link), nobody without an operator's token.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite, type RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";
import { connect } from "./client";

const ADMIN = "admin-secret-for-the-cardholder-photo-test";
/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

let running: RunningSite;
let viewer: string;
let dataDir: string;

const photo = (id: string, token?: string, method = "GET") =>
  fetch(`${running.feed.url}/api/cardholders/${id}/photo`, {
    method,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

beforeAll(async () => {
  dataDir = tempDir("photos");
  const photos = join(dataDir, "photos");
  mkdirSync(photos);
  writeFileSync(join(photos, "alva.png"), PNG);
  writeFileSync(join(photos, "notes.jpg"), "not an image");
  writeFileSync(join(photos, "notes.txt"), "a text file");
  writeFileSync(join(dataDir, "outside.png"), PNG);
  symlinkSync(join(dataDir, "outside.png"), join(photos, "link.png"));
  running = await startRunningSite({
    demo: true,
    site: { file: demoSiteFile(), source: "demo" },
    dataDir,
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir: tempDir("photos-console"),
    logger: silentLogger,
    environment: { PORTCULLIS_ADMIN_TOKEN: ADMIN },
    nightlyBackupAt: "off",
  });
  viewer = (await running.host.store.tokens.issue({ role: "viewer", label: "Vera" })).secret;
  const admin = await connect(`${running.feed.url.replace("http", "ws")}/ws`);
  await admin.hello(ADMIN);
  const paths: Record<string, string> = {
    ch01: "alva.png",
    ch02: "../outside.png",
    ch03: join(dataDir, "outside.png"),
    ch04: "link.png",
    ch05: "notes.jpg",
    ch06: "notes.txt",
    ch07: join(photos, "alva.png"),
  };
  for (const [id, photoPath] of Object.entries(paths))
    expect(
      await admin.command({ type: "config.patch", entity: "cardholder", id, fields: { photoPath } }),
    ).toMatchObject({ ok: true });
  admin.close();
}, 60_000);

afterAll(() => running?.stop());

describe("cardholder photos", () => {
  it("serves a cardholder's image from the photo directory to an operator or admin", async () => {
    const answer = await photo("ch01", ADMIN);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("image/png");
    expect(answer.headers.get("cache-control")).toBe("private, no-cache");
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(PNG);
    // An absolute path is fine while it is inside the directory.
    expect((await photo("ch07", ADMIN)).status).toBe(200);
    const operator = running.tokens.find((t) => t.role === "operator")!.secret;
    expect((await photo("ch01", operator)).status).toBe(200);
  });

  it("refuses without a valid operator token", async () => {
    expect((await photo("ch01")).status).toBe(401);
    expect((await photo("ch01", "not-a-token")).status).toBe(401);
    expect((await photo("ch01", viewer)).status).toBe(403);
    expect((await photo("ch01", ADMIN, "POST")).status).toBe(405);
  });

  it("serves no file outside the photo directory and nothing but images", async () => {
    for (const id of ["ch02", "ch03", "ch04"]) {
      const answer = await photo(id, ADMIN);
      expect(answer.status, id).toBe(404);
      expect(await answer.text()).toBe("the photo is not a file in the photo directory");
    }
    // An image's extension on a file that is not one, and a text file.
    expect((await photo("ch05", ADMIN)).status).toBe(415);
    expect((await photo("ch06", ADMIN)).status).toBe(415);
    // No photo, no such cardholder, and an id that tries to climb out.
    expect((await photo("ch08", ADMIN)).status).toBe(404);
    expect((await photo("nobody", ADMIN)).status).toBe(404);
    expect((await photo("..%2F..%2Foutside.png", ADMIN)).status).toBe(404);
  });
});
