/**
 * `portcullis start [--config FILE] [--data DIR] [--listen HOST:PORT]` (DESIGN §8): runs a site — the
 * built-in demo with simulated OSDP readers, or a real site file — with its store, devices, WebSocket
 * feed and console, until SIGINT or SIGTERM.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Either } from "effect";
import { demoSiteFile } from "../demo/demoSite";
import { decodeDeviceConfig, DeviceConfigError, type DeviceConfig } from "../devices";
import { HostConfigError } from "../runtime/Host";
import { DataDirInUse } from "../store";
import { jsonLogger } from "../runtime/logger";
import { startRunningSite, type RunningSite } from "../runtime/RunningSite";
import { type CliCommand, type CliIo, usageError } from "./command";

/** What `start` was asked to run. */
interface StartPlan {
  readonly demo: boolean;
  readonly file: unknown;
  readonly source: string;
  readonly devices: DeviceConfig | undefined;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
}

const LISTEN = /^(?<host>[^:]+):(?<port>\d{1,5})$/;

const plan = (args: ReadonlyArray<string>, io: CliIo): StartPlan | number => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { config: { type: "string" }, data: { type: "string" }, listen: { type: "string" } },
    }));
  } catch (error) {
    return usageError(io, start, (error as Error).message);
  }
  const listen = LISTEN.exec(values.listen ?? "127.0.0.1:8080")?.groups;
  if (listen === undefined) return usageError(io, start, "--listen takes HOST:PORT");
  const base = {
    dataDir: resolve(values.data ?? "data"),
    host: listen["host"]!,
    port: Number(listen["port"]),
  };
  if (values.config === undefined)
    return { ...base, demo: true, file: demoSiteFile(), source: "demo", devices: undefined };
  let text: string;
  let json: Record<string, unknown>;
  try {
    text = readFileSync(values.config, "utf8");
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    io.err(`portcullis start: cannot read ${values.config}: ${(error as Error).message}`);
    return 1;
  }
  // The host's serial wiring rides along in the site file under `devices`; the site itself is the rest.
  const { devices, ...file } = json;
  let deviceConfig: DeviceConfig | undefined;
  if (devices !== undefined) {
    const decoded = decodeDeviceConfig(devices);
    if (Either.isLeft(decoded)) {
      io.err(
        `portcullis start: invalid configuration: devices.${decoded.left.field}: ${decoded.left.message}`,
      );
      return 1;
    }
    deviceConfig = decoded.right;
  }
  const source = createHash("sha256").update(text).digest("hex");
  return { ...base, demo: false, file, source, devices: deviceConfig };
};

/** Runs a site until a signal; the console's files come from `consoleDir`. */
export const startCommand = (consoleDir: string): CliCommand => ({
  ...start,
  run: async (args, io) => {
    const p = plan(args, io);
    if (typeof p === "number") return p;
    const logger = jsonLogger();
    let running: RunningSite;
    try {
      running = await startRunningSite({
        demo: p.demo,
        site: { file: p.file, source: p.source },
        ...(p.devices && { devices: p.devices }),
        dataDir: p.dataDir,
        listen: { host: p.host, port: p.port },
        consoleDir,
        logger,
      });
    } catch (error) {
      const reason =
        error instanceof HostConfigError || error instanceof DataDirInUse
          ? error.message
          : error instanceof DeviceConfigError
            ? `invalid configuration: devices.${error.field}: ${error.message}`
            : String(error);
      io.err(`portcullis start: ${reason}`);
      return 1;
    }
    for (const token of running.tokens)
      io.out(
        token.role === "admin"
          ? `First start: the admin token is ${token.secret} — it is shown only this once.`
          : `Demo ${token.role} token (valid until shutdown): ${token.secret}`,
      );
    io.out(`Console: ${running.feed.url}/ — sign in with a token.`);
    return new Promise<number>((done) => {
      const shutdown = (signal: string) => {
        logger.info("shutting down", { signal });
        running.stop().then(
          () => done(0),
          (error: unknown) => {
            logger.error("shutdown failed", { error: String(error) });
            done(1);
          },
        );
      };
      process.once("SIGINT", () => shutdown("SIGINT"));
      process.once("SIGTERM", () => shutdown("SIGTERM"));
    });
  },
});

/** The command's words and usage (its `run` needs the console's location: see {@link startCommand}). */
const start: CliCommand = {
  words: ["start"],
  usage: "portcullis start [--config FILE] [--data DIR] [--listen HOST:PORT]",
  run: () => 2,
};
