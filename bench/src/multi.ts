/**
 * Multi-server over a real nats-server on 127.0.0.1 (issue 14), every host in this process:
 * - `multi.propagation_p99_ms@16subs` (and p50): a change to a global cardholder on the main (its
 *   suspension toggled, stored) until it is applied on every one of 16 subs;
 * - `multi.initial_sync_s@100000cardholders`: a sub paired with a main holding 100 000 global
 *   cardholders with a card each, from its start until it has applied the whole stream; and
 *   `multi.sync_worst_decision_ms@100000cardholders`: meanwhile a card is presented on the sub every
 *   {@link PROBE_MS}, and the longest any waited for its decision (from when it was due).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Either } from "effect";
import { freePort, NatsServer, until } from "../../packages/host/test/multi/natsServer";
import { multiSite, startServer, swipe, type TestServer } from "../../packages/host/test/multi/multiSite";
import type { BenchResult } from "./measure";

/** How often the probe presents a card on the syncing sub. */
const PROBE_MS = 10;

/**
 * Presents a card on `server` every {@link PROBE_MS} until stopped; answers the longest wait from
 * when a card was due to its decision (a decision is synchronous: what delays it is the event loop).
 */
const decisionProbe = (server: TestServer) => {
  let worst = 0;
  let stopped = false;
  let decisions = 0;
  const tick = (due: number) =>
    setTimeout(() => {
      if (stopped) return;
      if (swipe(server, 999_999n) !== "none") decisions++;
      const now = performance.now();
      worst = Math.max(worst, now - due);
      tick(now + PROBE_MS);
    }, PROBE_MS);
  tick(performance.now() + PROBE_MS);
  return {
    stop: () => {
      stopped = true;
      return { worst, decisions };
    },
  };
};

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** A nats-server with the main's configuration, `subs` paired subs, all started. */
const system = async (root: string, subs: number, mainFile?: Record<string, unknown>) => {
  const port = await freePort();
  const nats = new NatsServer(join(root, "nats.conf"), port);
  const main = await startServer(root, "main", nats.url, mainFile);
  Either.getOrThrow(
    await main.multi.writeNatsConfig({
      file: nats.configFile,
      host: "127.0.0.1",
      port,
      storeDir: join(root, "js"),
    }),
  );
  const started: TestServer[] = [];
  const pair = async (name: string) => {
    const sub = await startServer(root, name, nats.url);
    const key = Either.getOrThrow(await sub.multi.issueKey());
    Either.getOrThrow(await main.multi.addSub(JSON.stringify(key), { name, host: "127.0.0.1", port: 8080 }));
    started.push(sub);
    return sub;
  };
  for (let i = 0; i < subs; i++) await pair(`sub${i}`);
  await nats.start();
  const stop = async () => {
    for (const s of [...started, main]) await s.stop();
    await nats.stop();
  };
  return { nats, main, subs: started, pair, stop };
};

/** `multi.propagation_p50_ms@Nsubs` and `multi.propagation_p99_ms@Nsubs`. */
export const multiPropagationBench = async (subs = 16, changes = 200): Promise<BenchResult[]> => {
  const root = mkdtempSync(join(tmpdir(), "bench-multi-"));
  const s = await system(root, subs);
  try {
    const holder = { id: "ashley", firstName: "Ashley", lastName: "Rios", global: true, suspended: false };
    await s.main.host.config.configure({ op: "put", entity: "cardholder", value: holder }, "bench");
    const applied = (sub: TestServer, suspended: boolean) =>
      sub.host.site.policy.cardholders.find((c) => c.id === "ashley")?.suspended === suspended;
    await until("the cardholder on every sub", () => s.subs.every((sub) => applied(sub, false)), 30_000);
    const latencies: number[] = [];
    for (let i = 1; i <= changes; i++) {
      const suspended = i % 2 === 1;
      const arrivals = s.subs.map(
        (sub) =>
          new Promise<number>((resolve) => {
            const subscription = sub.host.site.events$.subscribe((e) => {
              if (e.type === "ConfigChanged" && e.id === "ashley" && applied(sub, suspended)) {
                subscription.unsubscribe();
                resolve(performance.now());
              }
            });
          }),
      );
      const at = performance.now();
      await s.main.host.config.configure(
        { op: "put", entity: "cardholder", value: { ...holder, suspended } },
        "bench",
      );
      for (const t of await Promise.all(arrivals)) latencies.push(t - at);
    }
    latencies.sort((a, b) => a - b);
    return [
      {
        name: `multi.propagation_p50_ms@${subs}subs`,
        value: round2(percentile(latencies, 50)),
        unit: "ms",
        n: latencies.length,
      },
      {
        name: `multi.propagation_p99_ms@${subs}subs`,
        value: round2(percentile(latencies, 99)),
        unit: "ms",
        n: latencies.length,
      },
    ];
  } finally {
    await s.stop();
    rmSync(root, { recursive: true, force: true });
  }
};

/** The main's site with `n` global cardholders, a card each. */
const mainWithGlobals = (n: number): Record<string, unknown> => {
  const file = multiSite("main") as { policy: Record<string, unknown[]> };
  const cardholders = [];
  const credentials = [];
  for (let i = 0; i < n; i++) {
    cardholders.push({ id: `g${i}`, firstName: "Global", lastName: `Holder ${i}`, global: true });
    credentials.push({
      id: `g${i}-card`,
      cardholderId: `g${i}`,
      name: "Badge",
      kind: "card",
      number: String(100_000 + i),
    });
  }
  return {
    ...file,
    policy: {
      ...file.policy,
      cardholders: [...file.policy["cardholders"]!, ...cardholders],
      credentials: [...file.policy["credentials"]!, ...credentials],
    },
  };
};

/** `multi.initial_sync_s@Ncardholders`. */
export const multiInitialSyncBench = async (cardholders = 100_000): Promise<BenchResult[]> => {
  const root = mkdtempSync(join(tmpdir(), "bench-multi-sync-"));
  const s = await system(root, 0, mainWithGlobals(cardholders));
  try {
    await until("the main connected", async () => (await s.main.multi.status()).nats, 30_000);
    await s.main.multi.publisher!.idle();
    const at = performance.now();
    const sub = await s.pair("sub");
    const probe = decisionProbe(sub);
    await s.nats.reload();
    const globals = () => sub.host.site.policy.cardholders.filter((c) => c.global).length;
    await until(
      "the whole snapshot on the sub",
      () => sub.host.site.policy.credentials.length >= cardholders,
      3_600_000,
    );
    await until(
      "the cursor stored",
      () => (sub.multi.replica?.applied ?? 0) > 0 && globals() === cardholders,
      60_000,
    );
    await sub.host.configSaved();
    const seconds = (performance.now() - at) / 1000;
    const { worst, decisions } = probe.stop();
    return [
      {
        name: `multi.initial_sync_s@${cardholders}cardholders`,
        value: round2(seconds),
        unit: "s",
        n: cardholders,
      },
      {
        name: `multi.sync_worst_decision_ms@${cardholders}cardholders`,
        value: round2(worst),
        unit: "ms",
        n: decisions,
      },
    ];
  } finally {
    await s.stop();
    rmSync(root, { recursive: true, force: true });
  }
};
