/**
 * License plates as credentials through the running host (seed "Use license plate number as a credential"): the
 * admin copies the external peripheral authentication key, a camera posts plate reads with it, and the plate
 * opens the door like a card. Real HTTP and WebSocket on 127.0.0.1, a real SQLite file.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EngineEvent } from "@portcullis/engine";
import { silentLogger } from "../../src/runtime/logger";
import { type RunningSite, startRunningSite } from "../../src/runtime/RunningSite";
import { PLATE_PATH } from "../../src/peripheral";
import { connect, type TestClient } from "../feed/client";
import { tempDir } from "../runtime/tempDir";

const ADMIN = "admin-secret-for-the-plate-reader-tests";

const site = {
  name: "Car park",
  controllers: [{ id: "c1", name: "Gate controller", relays: ["r1"], inputs: [], readerPorts: [] }],
  doors: [
    {
      id: "gate",
      name: "Car park gate",
      controllerId: "c1",
      primaryLock: "r1",
      sides: { A: { readers: [{ id: "lpr-in", name: "Entry camera", type: "lpr" }] }, B: {} },
    },
  ],
  schedules: [
    {
      id: "always",
      name: "Always",
      vevents: [
        "BEGIN:VEVENT\r\nDTSTART:19700105T000000\r\nDTEND:19700106T000000\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT",
      ],
    },
  ],
  policy: {
    cardholders: [{ id: "carl", firstName: "Carl", lastName: "Driver" }],
    credentials: [{ id: "carl-plate", cardholderId: "carl", name: "Volvo", kind: "plate", plate: "abc 123" }],
    groups: [{ id: "drivers", name: "Drivers", members: ["carl"] }],
    rules: [{ id: "parking", name: "Parking", groups: ["drivers"], doors: ["gate"], schedules: ["always"] }],
    doorPolicies: [{ doorId: "gate", profileId: "license-plate" }],
  },
};

let running: RunningSite | undefined;
let dataDir = "";
const events: EngineEvent[] = [];

const start = async () => {
  running = await startRunningSite({
    demo: false,
    site: { file: site, source: "test" },
    dataDir,
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir: tempDir("plates-console"),
    logger: silentLogger,
    environment: { PORTCULLIS_ADMIN_TOKEN: ADMIN },
  });
  running.host.site.events$.subscribe((e) => events.push(e));
  const admin = await connect(running.feed.wsUrl);
  expect(await admin.hello(ADMIN)).toMatchObject({ type: "welcome", role: "admin" });
  return admin;
};

const post = (key: string | undefined, body: unknown) =>
  fetch(`${running!.feed.url}${PLATE_PATH}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key !== undefined && { authorization: `Bearer ${key}` }),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

const keyOf = async (admin: TestClient): Promise<string> => {
  const answer = await admin.command({ type: "peripheral.key" });
  return (answer["value"] as { key: string }).key;
};

afterEach(async () => {
  await running?.stop();
  running = undefined;
  events.length = 0;
});

describe("a license plate camera", () => {
  it("opens the gate for a known plate with the site's key, and changes nothing without it", async () => {
    dataDir = tempDir("plates");
    const admin = await start();
    const key = await keyOf(admin);
    expect(key).toMatch(/^[0-9a-f]{64}$/);

    expect(await post(undefined, { readerId: "lpr-in", plate: "ABC123" })).toMatchObject({
      status: 401,
      body: { ok: false, error: { code: "Unauthorized" } },
    });
    expect(await post("0".repeat(64), { readerId: "lpr-in", plate: "ABC123" })).toMatchObject({
      status: 401,
    });
    expect(events.filter((e) => e.type === "AccessGranted" || e.type === "AccessDenied")).toEqual([]);

    expect(await post(key, { readerId: "lpr-in", plate: "ABC-123" })).toEqual({
      status: 202,
      body: { ok: true },
    });
    await expect
      .poll(() => events.find((e) => e.type === "AccessGranted"))
      .toMatchObject({ doorId: "gate", side: "A", cardholderIds: ["carl"], credentialId: "carl-plate" });
    expect(await post(key, { readerId: "lpr-in", plate: "XYZ999" })).toMatchObject({ status: 202 });
    await expect.poll(() => events.find((e) => e.type === "AccessDenied")).toMatchObject({ doorId: "gate" });

    expect(await post(key, { readerId: "nope", plate: "ABC123" })).toMatchObject({
      status: 404,
      body: { error: { code: "UnknownReader" } },
    });
    expect(await post(key, "{not json")).toMatchObject({
      status: 400,
      body: { error: { code: "BadMessage" } },
    });
    expect(await post(key, { readerId: "lpr-in", plate: "" })).toMatchObject({ status: 400 });
    expect(await post(key, { readerId: "lpr-in", plate: "A".repeat(10_000) })).toMatchObject({ status: 413 });
    admin.close();
  });

  it("keeps its key across a restart; a rotation journals who did it and retires the old key", async () => {
    dataDir = tempDir("plates-rotate");
    let admin = await start();
    const first = await keyOf(admin);
    admin.close();
    await running!.stop();
    admin = await start();
    expect(await keyOf(admin)).toBe(first);

    const operator = await admin.command({ type: "token.create", role: "operator", label: "desk" });
    const desk = await connect(running!.feed.wsUrl);
    await desk.hello((operator["value"] as { secret: string }).secret);
    expect(await desk.command({ type: "peripheral.key" })).toMatchObject({
      ok: false,
      error: { code: "Forbidden" },
    });
    desk.close();

    const rotated = await admin.command({ type: "peripheral.rotateKey" });
    const second = (rotated["value"] as { key: string }).key;
    expect(second).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
    expect(await post(first, { readerId: "lpr-in", plate: "ABC123" })).toMatchObject({ status: 401 });
    expect(await post(second, { readerId: "lpr-in", plate: "ABC123" })).toMatchObject({ status: 202 });
    // Journalled with the next batch commit.
    await expect
      .poll(async () => admin.command({ type: "journal.query", types: ["PeripheralKeyRotated"] }))
      .toMatchObject({ ok: true, value: { events: [{ type: "PeripheralKeyRotated", by: "first admin" }] } });
    admin.close();
  });
});
