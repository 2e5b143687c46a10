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
import { systemClock } from "@portcullis/engine";
import { nodeCrypto } from "@portcullis/protocols";
import { DemoHardware, demoDeviceConfig } from "../demo/demoHardware";
import { demoSiteFile } from "../demo/demoSite";
import { decodeDeviceConfig, OsdpDevices, SerialLine, type DeviceConfig, type DeviceEvent } from "../devices";
import { FeedError, startFeedServer, type FeedErrorCode, type ReaderDevices } from "../feed";
import type { DeviceCommandError } from "../devices";
import { Host, HostConfigError } from "../runtime/Host";
import { jsonLogger } from "../runtime/logger";
import { type CliCommand, type CliIo, usageError } from "./command";

/** How a device refusal reads on the feed. */
const DEVICE_REFUSALS: Record<DeviceCommandError["code"], FeedErrorCode> = {
  UnknownReader: "UnknownReader",
  NoSecureChannel: "NotAvailable",
  NotStarted: "NotAvailable",
  InvalidDuration: "BadCommand",
};

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
    let devices: OsdpDevices | undefined;
    let host: Host;
    try {
      host = await Host.start({
        dataDir: p.dataDir,
        site: { file: p.file, source: p.source },
        logger,
        feedback: (readerId, intent) => devices?.feedback(readerId, intent),
      });
    } catch (error) {
      io.err(`portcullis start: ${error instanceof HostConfigError ? error.message : String(error)}`);
      return 1;
    }
    const config = host.site.config;
    const hardware = p.demo ? new DemoHardware(config, systemClock, nodeCrypto, host.mainKey) : undefined;
    const deviceConfig = p.devices ?? (hardware ? demoDeviceConfig(config) : { lines: [] });
    const serialLines = new Map<string, SerialLine>();
    try {
      if (!hardware)
        for (const line of deviceConfig.lines)
          serialLines.set(line.path, await SerialLine.open({ path: line.path, baudRate: line.baudRate }));
    } catch (error) {
      io.err(`portcullis start: ${String(error)}`);
      for (const line of serialLines.values()) await line.close();
      await host.stop();
      return 1;
    }
    const made = OsdpDevices.make({
      site: config,
      devices: deviceConfig,
      secureChannel: { enabled: true, mainKey: host.mainKey, crypto: nodeCrypto },
      clock: systemClock,
      transport: (line) => hardware?.transport(line) ?? serialLines.get(line.path)!,
    });
    if (Either.isLeft(made)) {
      io.err(`portcullis start: invalid configuration: devices.${made.left.field}: ${made.left.message}`);
      await host.stop();
      return 1;
    }
    devices = made.right;
    const deviceEvents = devices.events$.subscribe((e: DeviceEvent) => host.recordHostEvent(e));
    devices.start((input) => host.site.push(input));
    const readerDevices: ReaderDevices = {
      installMode: async (readerId, durationS, by) => {
        const result = devices!.setInstallMode(readerId, durationS * 1000);
        if (Either.isRight(result)) logger.info("install mode", { readerId, durationS, by });
        return Either.mapLeft(
          result,
          (e) => new FeedError({ code: DEVICE_REFUSALS[e.code], message: e.message }),
        );
      },
    };
    const feed = await startFeedServer({
      backend: {
        site: host.site,
        journal: host.store.journal,
        recordHostEvent: host.recordHostEvent,
        tokens: host.store.tokens,
        clock: systemClock,
        devices: readerDevices,
        ...(hardware && { sim: hardware.controls(host.site) }),
      },
      host: p.host,
      port: p.port,
      consoleDir,
      logger,
    });
    for (const token of host.announced)
      io.out(`First start: the ${token.role} token is ${token.secret} — it is shown only this once.`);
    const operator = p.demo ? await host.mint("operator", "demo session") : undefined;
    io.out(`Console: ${feed.url}/`);
    if (operator) io.out(`Demo operator token (valid until shutdown): ${operator.secret}`);

    return new Promise<number>((done) => {
      const shutdown = async (signal: string) => {
        logger.info("shutting down", { signal });
        await feed.close();
        deviceEvents.unsubscribe();
        devices?.stop();
        for (const line of serialLines.values()) await line.close();
        if (operator) await host.store.tokens.revoke(operator.id);
        await host.stop();
        done(0);
      };
      process.once("SIGINT", () => void shutdown("SIGINT"));
      process.once("SIGTERM", () => void shutdown("SIGTERM"));
    });
  },
});

/** The command's words and usage (its `run` needs the console's location: see {@link startCommand}). */
const start: CliCommand = {
  words: ["start"],
  usage: "portcullis start [--config FILE] [--data DIR] [--listen HOST:PORT]",
  run: () => 2,
};
