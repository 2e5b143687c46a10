/**
 * `portcullis start --config examples/modbus-tcp-site.json` (and `modbus-rtu-site.json`) as a new user runs it: the
 * example file with only the module's address and the reader line's port changed — to a Modbus TCP server on
 * 127.0.0.1, or an RTU server on a socat PTY at the example's 9 600 baud — and a socat PTY whose other end is a
 * simulated OSDP reader. The door shows Closed and Locked over the WebSocket, a card opens it.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { systemClock } from "@portcullis/engine";
import { deriveScbk, nodeCrypto } from "@portcullis/protocols";
import { SimulatedPd } from "@portcullis/testkit";
import { afterAll, expect, it } from "vitest";
import { SerialLine } from "../../src/devices";
import { ALICE_CARD, cardBits } from "../devices/fixtures";
import { type PtyPair, startPtyPair } from "../devices/socat";
import { watchDoor } from "../feed/client";
import { freePort, ModbusModule, type RunningServer, serveRtu, serveTcp } from "../io/modbusModule";
import { tempDir } from "../runtime/tempDir";
import { portcullis } from "./run";

const main = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));
const MAIN_KEY = "a0".repeat(32);
const ADMIN = "admin-secret-for-the-modbus-start-test";
// Real processes and sockets on a machine other work may load: generous bounds, never fixed sleeps.
const WAIT_MS = 40_000;
const poll = { timeout: WAIT_MS, interval: 20 };
/** How often the person presents the card, 3 s apart, before the test gives up. */
const CARD_ATTEMPTS = 10;

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface ExampleFile {
  devices: {
    lines: Array<{ path: string }>;
    io: Array<{ backend: { host?: string; port?: number; path?: string; baudRate?: number } }>;
  };
}

/** A Modbus module served as an example expects it, and the example pointed at it. */
interface Served {
  readonly server: RunningServer;
  readonly point: (backend: ExampleFile["devices"]["io"][number]["backend"]) => void;
}

const serve: Record<"modbus-tcp" | "modbus-rtu", (module: ModbusModule, dir: string) => Promise<Served>> = {
  "modbus-tcp": async (module) => {
    const port = await freePort();
    const server = await serveTcp(module, port);
    return { server, point: (b) => ((b.host = "127.0.0.1"), (b.port = port)) };
  },
  "modbus-rtu": async (module, dir) => {
    // The module's serial line: a PTY pair of its own beside the reader line's.
    const sub = join(dir, "rtu");
    mkdirSync(sub);
    const pair = await startPtyPair(sub);
    cleanups.push(() => pair.kill());
    const server = await serveRtu(module, pair.pd, 9_600);
    return { server, point: (b) => (b.path = pair.cp) };
  },
};

/** The example `kind` with the module as `served` points it and the reader line on `path`. */
const exampleAt = (kind: keyof typeof serve, dir: string, served: Served, path: string): string => {
  const file = JSON.parse(readFileSync(join(examples, `${kind}-site.json`), "utf8")) as ExampleFile;
  file.devices.lines[0]!.path = path;
  served.point(file.devices.io[0]!.backend);
  const config = join(dir, "site.json");
  writeFileSync(config, JSON.stringify(file));
  return config;
};

it("refuses a relay port the controller lacks, naming devices.io's field, and exits 1", () => {
  const dir = tempDir("start-io-bad");
  const file = JSON.parse(readFileSync(join(examples, "modbus-tcp-site.json"), "utf8")) as {
    devices: { io: Array<{ relays: object }> };
  };
  file.devices.io[0]!.relays = { r1: 0, r9: 1 };
  writeFileSync(join(dir, "site.json"), JSON.stringify(file));
  const run = portcullis(
    "start",
    "--config",
    join(dir, "site.json"),
    "--data",
    join(dir, "data"),
    "--listen",
    "127.0.0.1:0",
  );
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/devices\.io\[0\]\.relays\.r9: controller "c1" has no relay port "r9"/);
}, 60_000);

it.each(["modbus-tcp", "modbus-rtu"] as const)(
  "runs the %s example: the door Closed and Locked, a card at the reader opens it, SIGTERM locks it",
  async (kind) => {
    const dir = tempDir(`start-${kind}`);
    const module = new ModbusModule();
    module.coils.fill(true);
    module.discreteInputs[0] = true; // the door is closed
    const served = await serve[kind](module, dir);
    cleanups.push(() => served.server.close());
    const pair: PtyPair = await startPtyPair(dir);
    cleanups.push(() => pair.kill());
    const pdLine = await SerialLine.open({ path: pair.pd, baudRate: 115_200 });
    cleanups.push(() => pdLine.close());
    const key = Uint8Array.from(Buffer.from(MAIN_KEY, "hex"));
    const pd = new SimulatedPd({
      clock: systemClock,
      transport: pdLine,
      address: 1,
      crypto: nodeCrypto,
      scbk: deriveScbk(nodeCrypto, key, "front-in"),
    });

    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        main,
        "start",
        "--config",
        exampleAt(kind, dir, served, pair.cp),
        "--data",
        join(dir, "data"),
        "--listen",
        "127.0.0.1:0",
      ],
      { env: { ...process.env, PORTCULLIS_ADMIN_TOKEN: ADMIN, PORTCULLIS_MAIN_KEY: MAIN_KEY } },
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    cleanups.push(() => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("Console:")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`exited ${code} before serving: ${out}${err}`)));
    });
    const url = /Console: (\S+)\//.exec(out)![1]!;

    // Locks first: the strike's coil released before the first input read.
    const reads = () => module.ops.filter((o) => o.op === "read").length;
    await expect.poll(reads, poll).toBeGreaterThan(5);
    expect(module.ops[0]).toEqual({ op: "coil", address: 0, value: false });

    const { client, door: frontDoor } = await watchDoor(
      `${url.replace("http", "ws")}/ws`,
      ADMIN,
      "front",
      () => `the reader received: ${pd.received.map((r) => r.kind).join(" ")}\nhost log:\n${err}`,
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
    for (let attempt = 1; module.coils[0] !== true; attempt++) {
      pd.swipe(cardBits(ALICE_CARD));
      try {
        await expect.poll(() => module.coils[0], { timeout: 3_000, interval: 20 }).toBe(true);
      } catch (error) {
        if (attempt === CARD_ATTEMPTS)
          throw new Error(
            `no unlock after ${CARD_ATTEMPTS} cards; the reader received: ${pd.received.map((r) => r.kind).join(" ")}\n${err}`,
            { cause: error },
          );
      }
    }
    await frontDoor("Accessed", (d) => d.mode === "Accessed", from);
    module.discreteInputs[0] = false;
    await frontDoor("Open", (d) => d.position === "Open", from);
    await expect.poll(() => module.coils[0], poll).toBe(false);
    module.discreteInputs[0] = true;
    await frontDoor("Closed and Locked again", (d) => d.position === "Closed" && d.mode === "Locked", from);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(module.coils[0]).toBe(false);
  },
  300_000,
);
