/**
 * A main and a sub as `portcullis start --demo --nats` runs them (each a whole running site with its
 * feed and console), paired over a real nats-server: for the aggregated monitoring tests over a real
 * WebSocket and in Chromium. Both are the demo site, so their door ids are the same.
 */
import { join } from "node:path";
import { Either } from "effect";
import { demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite, type RunningSite } from "../../src/runtime/RunningSite";
import { consoleDir } from "../console/consoleHarness";
import { freePort, NatsServer, until } from "./natsServer";

/** The main, its sub (added as `subName`), the nats-server, and an operator token of each. */
export interface RunningPair {
  readonly nats: NatsServer;
  readonly main: RunningSite;
  readonly sub: RunningSite;
  readonly mainToken: string;
  readonly subToken: string;
  stop(): Promise<void>;
}

const start = (root: string, name: string, natsUrl: string): Promise<RunningSite> =>
  startRunningSite({
    demo: true,
    site: { file: { ...demoSiteFile(), name }, source: name },
    dataDir: join(root, name),
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir,
    logger: silentLogger,
    environment: {},
    nightlyBackupAt: "off",
    natsUrl,
  });

const operatorToken = (site: RunningSite): string => site.tokens.find((t) => t.role === "operator")!.secret;

/** Starts both, pairs them and waits until the main sees the sub Connected. */
export const startRunningPair = async (root: string, subName: string): Promise<RunningPair> => {
  const port = await freePort();
  const nats = new NatsServer(join(root, "nats.conf"), port);
  const main = await start(root, "Head office", nats.url);
  const sub = await start(root, "Branch", nats.url);
  Either.getOrThrow(
    await main.multi.writeNatsConfig({
      file: nats.configFile,
      host: "127.0.0.1",
      port,
      storeDir: join(root, "jetstream"),
    }),
  );
  const key = Either.getOrThrow(await sub.multi.issueKey());
  Either.getOrThrow(
    await main.multi.addSub(JSON.stringify(key), { name: subName, host: "127.0.0.1", port: 8080 }),
  );
  await nats.start();
  await until("the sub Connected on the main", async () =>
    ((await main.multi.status()).subs ?? []).every((s) => s.status === "Connected"),
  );
  return {
    nats,
    main,
    sub,
    mainToken: operatorToken(main),
    subToken: operatorToken(sub),
    stop: async () => {
      await sub.stop();
      await main.stop();
      await nats.stop();
    },
  };
};
