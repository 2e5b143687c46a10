/** WebSocket fan-out: committed events × clients delivered per second, the clients in another process. */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createSite, type EngineEvent, systemClock } from "@portcullis/engine";
import { hmacPinHasher, referenceDoors } from "@portcullis/testkit";
import { Either } from "effect";
// The bench package does not list the host as a dependency yet: reach its source directly.
import { ConfigWriter, silentLogger, startFeedServer } from "@portcullis/host";
import { Store } from "@portcullis/host";
import { type BenchResult, timing } from "./measure";

const CLIENTS = 100;
/** Events appended per turn of the event loop. */
const BURST = 100;
/** Events allowed ahead of the commits, and commits allowed ahead of the clients. */
const BACKLOG = 5_000;
const LAG = 20_000;

const event = (seq: number): EngineEvent => ({
  type: "AccessTaken",
  seq,
  at: 1_767_600_000_000 + seq,
  doorId: `d${seq % 10}`,
  grantId: `g${seq}`,
  cardholderIds: [`ch${seq % 50_000}`],
  side: "A",
});

/** The client process: resolves once its clients follow the events; `received` is their running total. */
const startClients = (port: number, token: string) => {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      new URL("./wsFanoutClients.ts", import.meta.url).pathname,
      "127.0.0.1",
      String(port),
      token,
      String(CLIENTS),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const state = { received: 0, onReport: (): void => {} };
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`fan-out clients exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const report = JSON.parse(line) as { ready?: true; received?: number };
      if (report.ready) resolve();
      if (report.received !== undefined) {
        state.received = report.received;
        state.onReport();
      }
    });
  });
  return { child, state, ready };
};

/** `ws.fanout_deliveries_per_s@100clients` (target ≥ 200 000/s). */
export const wsFanoutBench = async (): Promise<BenchResult[]> => {
  const dir = await mkdtemp(join(tmpdir(), "portcullis-bench-"));
  const store = await Store.open({
    path: join(dir, "fanout.db"),
    clock: systemClock,
    tokenKey: randomBytes(32),
  });
  const site = Either.getOrThrow(
    createSite(referenceDoors({ doors: 10 }), { clock: systemClock, hasher: hmacPinHasher() }),
  );
  const { secret } = await store.tokens.issue({ role: "viewer" });
  const { journal } = store;
  const server = await startFeedServer({
    backend: {
      site,
      journal,
      tokens: store.tokens,
      clock: systemClock,
      recordHostEvent: () => {},
      configure: (changes, by, options) =>
        new ConfigWriter(site, async () => {}, silentLogger).apply(changes, by, options),
    },
    port: 0,
  });
  const clients = startClients(server.port, secret);
  try {
    await clients.ready;
    let wake: (() => void) | undefined;
    journal.committed$.subscribe(() => wake?.());
    clients.state.onReport = () => wake?.();
    const runFor = async (ms: number): Promise<{ value: number; n: number }> => {
      const from = clients.state.received;
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < ms) {
        const delivered = clients.state.received / CLIENTS;
        if (journal.nextSeq() - journal.head() <= BACKLOG && journal.head() - delivered <= LAG) {
          for (let i = 0; i < BURST; i++) journal.append(event(journal.nextSeq()));
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else await new Promise<void>((resolve) => (wake = resolve));
        elapsed = performance.now() - start;
      }
      const n = clients.state.received - from;
      return { value: Math.round((n * 1000) / elapsed), n };
    };
    await runFor(timing.warmupMs);
    const result = await runFor(timing.measureMs);
    return [{ name: `ws.fanout_deliveries_per_s@${CLIENTS}clients`, unit: "deliveries/s", ...result }];
  } finally {
    clients.child.kill();
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
};
