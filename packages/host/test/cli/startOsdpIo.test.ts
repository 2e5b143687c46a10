/**
 * `portcullis start --config examples/osdp-io-site.json` as a new user runs it: the example file with only the
 * RS-485 line's port changed to a socat PTY whose other end carries a simulated OSDP reader and a simulated OSDP I/O
 * module. The door shows Closed and Locked over the WebSocket, a card opens it, SIGTERM leaves it locked.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { SerialLine } from "../../src/devices";
import { ALICE_CARD, cardBits } from "../devices/fixtures";
import { type PtyPair, startPtyPair } from "../devices/socat";
import { watchDoor } from "../feed/client";
import { examplePds, MAIN_KEY, STRIKE } from "../io/osdpIoSite";
import { tempDir } from "../runtime/tempDir";
import { startHost } from "./hostProcess";

const example = fileURLToPath(new URL("../../../../examples/osdp-io-site.json", import.meta.url));
const ADMIN = "admin-secret-for-the-osdp-io-start-test";
// Real processes and serial ports on a machine other work may load: generous bounds, never fixed sleeps.
const WAIT_MS = 40_000;
const poll = { timeout: WAIT_MS, interval: 20 };
/** How often the person presents the card, 3 s apart, before the test gives up. */
const CARD_ATTEMPTS = 10;

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The example with its RS-485 line (readers and module) on `path`. */
const exampleAt = (dir: string, path: string): string => {
  const file = JSON.parse(readFileSync(example, "utf8")) as {
    devices: { lines: Array<{ path: string }>; io: Array<{ backend: { line: string } }> };
  };
  file.devices.lines[0]!.path = path;
  file.devices.io[0]!.backend.line = path;
  const config = join(dir, "site.json");
  writeFileSync(config, JSON.stringify(file));
  return config;
};

it("runs the OSDP I/O example: the door Closed and Locked, a card at the reader opens it, SIGTERM locks it", async () => {
  const dir = tempDir("start-osdp-io");
  const pair: PtyPair = await startPtyPair(dir);
  cleanups.push(() => pair.kill());
  const pdLine = await SerialLine.open({ path: pair.pd, baudRate: 115_200 });
  cleanups.push(() => pdLine.close());
  const { reader: pd, module } = examplePds(pdLine);
  const strikeOn = () => module.indicators.outputOn(Date.now(), STRIKE);
  const host = await startHost(
    ["--config", exampleAt(dir, pair.cp), "--data", join(dir, "data"), "--listen", "127.0.0.1:0"],
    { PORTCULLIS_ADMIN_TOKEN: ADMIN, PORTCULLIS_MAIN_KEY: MAIN_KEY },
  );
  if (!("child" in host)) throw new Error(`exited ${host.code} before serving: ${host.out}${host.err}`);
  cleanups.push(() => {
    if (host.alive()) host.child.kill("SIGKILL");
  });
  const err = () => host.err();

  // Locks first: the strike's output commanded and confirmed off before the module's inputs are asked for.
  await expect.poll(() => module.countReceived("ISTAT"), poll).toBeGreaterThan(0);
  const seen = module.received.map((r) => r.kind);
  expect(seen.indexOf("OUT")).toBeGreaterThanOrEqual(0);
  expect(seen.indexOf("OUT")).toBeLessThan(seen.indexOf("OSTAT"));
  expect(seen.indexOf("OSTAT")).toBeLessThan(seen.indexOf("ISTAT"));
  expect(strikeOn()).toBe(false);

  const { client, door: frontDoor } = await watchDoor(
    host.wsUrl,
    ADMIN,
    "front",
    () => `the reader received: ${pd.received.map((r) => r.kind).join(" ")}\nhost log:\n${err()}`,
    WAIT_MS,
  );
  cleanups.push(() => client.close());
  await frontDoor("shown Closed and Locked", (d) => d.position === "Closed" && d.mode === "Locked");

  // The reader comes up with Secure Channel; then Alice's card.
  // A loaded machine can miss the first handshakes' 200 ms reply deadlines at start, and the control panel then
  // probes an offline reader with back-off up to 30 s (DESIGN §7): allow for a few probes.
  await frontDoor("online (its reader up)", (d) => d.status === "online", 0, 100_000);
  const from = client.received.length;
  // A person whose card does not open the door presents it again: on a heavily loaded machine a POLL reply can be
  // lost, and the simulated PD does not repeat a card it has already sent.
  for (let attempt = 1; !strikeOn(); attempt++) {
    pd.swipe(cardBits(ALICE_CARD));
    try {
      await expect.poll(strikeOn, { timeout: 3_000, interval: 20 }).toBe(true);
    } catch (error) {
      if (attempt === CARD_ATTEMPTS)
        throw new Error(
          `no unlock after ${CARD_ATTEMPTS} cards; the reader received: ${pd.received.map((r) => r.kind).join(" ")}\n${err()}`,
          { cause: error },
        );
    }
  }
  await frontDoor("Accessed", (d) => d.mode === "Accessed", from);
  module.setInput(0, false);
  await frontDoor("Open", (d) => d.position === "Open", from);
  await expect.poll(strikeOn, poll).toBe(false);
  module.setInput(0, true);
  await frontDoor("Closed and Locked again", (d) => d.position === "Closed" && d.mode === "Locked", from);

  host.child.kill("SIGTERM");
  expect(await host.exited()).toBe(0);
  expect(strikeOn()).toBe(false);
}, 300_000);
