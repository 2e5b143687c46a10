/**
 * `portcullis start --config examples/simulated-site.json` as a new user runs it, with no hardware at all: the door
 * shows Closed and Locked over the WebSocket, and a grant from the console moves its simulated lock and relocks it.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { connect, type Received } from "../feed/client";
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
  // The door as a console opened now shows it. (A door's first reading after start is taken silently, with no
  // event, and snapshots follow the journal: a console connected before that reading keeps showing Unknown until
  // the door's next event. So the check opens a fresh connection until the reading is in.)
  const frontNow = async () => {
    const viewer = await connect(host.wsUrl);
    try {
      await viewer.hello(ADMIN);
      viewer.send({ type: "subscribe", topics: ["doors"] });
      const m = await viewer.next((r) => r.type === "door" && (r["door"] as { id: string }).id === "front");
      return m["door"];
    } finally {
      viewer.close();
    }
  };
  await expect
    .poll(frontNow, { timeout: WAIT_MS, interval: 200 })
    .toMatchObject({ position: "Closed", mode: "Locked", status: "online" });

  const client = await connect(host.wsUrl);
  cleanups.push(() => client.close());
  expect(await client.hello(ADMIN)).toMatchObject({ type: "welcome", role: "admin" });
  client.send({ type: "subscribe", topics: ["doors"] });
  const doors = () => client.received.filter((m) => m.type === "door").map((m) => JSON.stringify(m["door"]));
  const front = (what: string, match: (door: Record<string, unknown>) => boolean, from = 0) =>
    client
      .next(
        (m: Received) =>
          m.type === "door" &&
          (m["door"] as Record<string, unknown>)["id"] === "front" &&
          match(m["door"] as Record<string, unknown>),
        from,
        WAIT_MS,
      )
      .catch((error: unknown) => {
        throw new Error(`the front door ${what}: ${String(error)}\n${doors().join("\n")}\n${host.err()}`);
      });
  const from = client.received.length;
  expect(await client.command({ type: "door.grant", doorId: "front" })).toMatchObject({ ok: true });
  await front("Accessed", (d) => d["mode"] === "Accessed", from);
  // Nobody walks through: the door locks again when its access time (5 s) is over.
  await front("Locked again", (d) => d["mode"] === "Locked" && d["position"] === "Closed", from);
  host.child.kill("SIGTERM");
  expect(await host.exited()).toBe(0);
}, 90_000);
