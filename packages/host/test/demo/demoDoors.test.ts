/** The demo is a living site: its doors read closed at start, and a person walks through after a grant. */
import type { EngineEvent } from "@portcullis/engine";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demoCardNumber, demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite, type RunningSite } from "../../src/runtime/RunningSite";
import { connect, type TestClient } from "../feed/client";
import { tempDir } from "../runtime/tempDir";

let running: RunningSite;
let operator: TestClient;
const events: EngineEvent[] = [];

beforeAll(async () => {
  running = await startRunningSite({
    demo: true,
    site: { file: demoSiteFile(), source: "demo" },
    dataDir: tempDir("demo-doors"),
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir: tempDir("demo-doors-console"),
    logger: silentLogger,
    environment: {},
  });
  running.host.site.events$.subscribe((e) => events.push(e));
  operator = await connect(running.feed.wsUrl);
  await operator.hello(running.tokens.find((t) => t.role === "operator")!.secret);
}, 60_000);

afterAll(async () => {
  operator?.close();
  await running?.stop();
});

it("shows every door Closed and every lock locked at start", async () => {
  const doors = () => running.host.site.allDoors();
  await expect
    .poll(() => doors().map((d) => [d.id, d.position]), { timeout: 5_000 })
    .toEqual(doors().map((d) => [d.id, "Closed"]));
  for (const door of doors().filter((d) => d.kind === "standard"))
    expect(door.locks.every((l) => l.state === "locked")).toBe(true);
  // The simulated relays follow the locks: a fail-secure lock is released while locked.
  expect(running.io.simulated("c5")?.relay("r2")).toBe(false);
});

it("a sim.swipe opens and closes its door: the person walks through and the door relocks", async () => {
  const site = running.host.site;
  await expect.poll(() => site.reader("garage-in")?.online, { timeout: 30_000 }).toBe(true);
  const from = events.length;
  const swiped = await operator.command({
    type: "sim.swipe",
    readerId: "garage-in",
    number: String(demoCardNumber(1)),
  });
  expect(swiped).toMatchObject({ ok: true });
  await expect.poll(() => site.door("garage")?.locks[0]?.state, { timeout: 5_000 }).toBe("unlocked");
  expect(running.io.simulated("c5")?.relay("r2")).toBe(true);
  const garage = () =>
    events
      .slice(from)
      .filter((e) => "doorId" in e && e.doorId === "garage")
      .map((e) => e.type);
  await expect.poll(garage, { timeout: 20_000 }).toContain("DoorClosed");
  expect(garage()).toEqual(
    expect.arrayContaining(["AccessGranted", "DoorOpened", "AccessTaken", "DoorClosed"]),
  );
  expect(garage()).not.toContain("DoorForcedOpen");
  await expect.poll(() => site.door("garage")?.mode, { timeout: 10_000 }).toBe("Locked");
  expect(site.door("garage")?.position).toBe("Closed");
  expect(running.io.simulated("c5")?.relay("r2")).toBe(false);
}, 60_000);

it("sim.door and sim.rex move the simulated contacts, and refuse what the door lacks", async () => {
  const site = running.host.site;
  expect(await operator.command({ type: "sim.door", doorId: "fire-exit", open: true })).toMatchObject({
    ok: true,
  });
  await expect.poll(() => site.door("fire-exit")?.position, { timeout: 5_000 }).toBe("Open");
  await operator.command({ type: "sim.door", doorId: "fire-exit", open: false });
  await expect.poll(() => site.door("fire-exit")?.position, { timeout: 5_000 }).toBe("Closed");
  const from = events.length;
  expect(await operator.command({ type: "sim.rex", doorId: "dock", side: "B" })).toMatchObject({ ok: true });
  await expect
    .poll(() => events.slice(from).some((e) => e.type === "RexActivated" && e.doorId === "dock"), {
      timeout: 5_000,
    })
    .toBe(true);
  expect(await operator.command({ type: "sim.rex", doorId: "garage", side: "B" })).toMatchObject({
    ok: false,
    error: { code: "UnknownInput" },
  });
  expect(await operator.command({ type: "sim.door", doorId: "nowhere", open: true })).toMatchObject({
    ok: false,
    error: { code: "UnknownDoor" },
  });
}, 30_000);
