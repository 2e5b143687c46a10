/**
 * `portcullis start --config examples/simulated-site.json` as a new user runs it, with no hardware at all: the door
 * shows Closed and Locked over the WebSocket, and a grant from the console moves its simulated lock and relocks it.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { watchDoor } from "../feed/client";
import { tempDir } from "../runtime/tempDir";
import { startHost } from "./hostProcess";

const example = fileURLToPath(new URL("../../../../examples/simulated-site.json", import.meta.url));
const ADMIN = "admin-secret-for-the-simulated-start-test";
// A real process on a machine other work may load: generous bounds, never fixed sleeps.
const WAIT_MS = 40_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it("runs the simulated example: the door Closed and Locked, a grant unlocks it and it locks again", async () => {
  const dir = tempDir("start-simulated");
  const host = await startHost(
    ["--config", example, "--data", join(dir, "data"), "--listen", "127.0.0.1:0"],
    { PORTCULLIS_ADMIN_TOKEN: ADMIN },
  );
  if (!("child" in host)) throw new Error(`exited ${host.code} before serving: ${host.out}${host.err}`);
  cleanups.push(() => {
    if (host.alive()) host.child.kill("SIGKILL");
  });
  const { client, door: front } = await watchDoor(
    host.wsUrl,
    ADMIN,
    "front",
    () => `host log:\n${host.err()}`,
    WAIT_MS,
  );
  cleanups.push(() => client.close());
  await front(
    "Closed and Locked",
    (d) => d.position === "Closed" && d.mode === "Locked" && d.status === "online",
  );
  const from = client.received.length;
  expect(await client.command({ type: "door.grant", doorId: "front" })).toMatchObject({ ok: true });
  await front("Accessed", (d) => d.mode === "Accessed", from);
  // Nobody walks through: the door locks again when its access time (5 s) is over.
  await front("Locked again", (d) => d.mode === "Locked" && d.position === "Closed", from);
  host.child.kill("SIGTERM");
  expect(await host.exited()).toBe(0);
}, 90_000);
