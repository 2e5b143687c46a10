/**
 * `portcullis start [--config FILE [--config-wins]] [--data DIR] [--listen HOST:PORT]
 * [--max-connections N] [--backup-at HH:MM|off] [--photos DIR]` (DESIGN §8, with the nightly
 * backup's time and the cardholder photo directory added):
 * runs a site — the built-in demo with simulated OSDP readers, or a real site file — with its store,
 * devices, WebSocket feed and console, until SIGINT or SIGTERM.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Either } from "effect";
import { isBackupTime } from "../backup";
import { demoSiteFile } from "../demo/demoSite";
import { decodeDeviceConfig, DeviceConfigError, type DeviceConfig } from "../devices";
import { DEFAULT_RETENTION, type RetentionPolicy } from "../runtime/JournalRetention";
import { jsonLogger } from "../runtime/logger";
import { startRunningSite, type RunningSite } from "../runtime/RunningSite";
import { type CliCommand, type CliIo, usageError } from "./command";

/** What `start` was asked to run. */
interface StartPlan {
  readonly demo: boolean;
  readonly file: unknown;
  readonly source: string;
  readonly configWins: boolean;
  readonly devices: DeviceConfig | undefined;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly backupAt: string | undefined;
  readonly maxConnections: number | undefined;
  readonly retention: RetentionPolicy;
  readonly natsUrl: string | undefined;
  readonly photoDir: string | undefined;
}

const LISTEN = /^(?<host>[^:]+):(?<port>\d{1,5})$/;
const NATS_URL = /^(nats|tls):\/\/[^\s/]+:\d{1,5}$/;

const HELP = [
  "Runs a site until SIGINT or SIGTERM: its store, devices, the WebSocket feed and the console.",
  "",
  "  --config FILE          the site file (JSON); without it, the built-in demo site",
  "  --config-wins          let the file's changes replace conflicting runtime changes",
  "  --data DIR             the data directory (database, main key); default ./data",
  "  --listen HOST:PORT     the console and WebSocket address; default 127.0.0.1:8080",
  "  --max-connections N    open WebSocket connections at most; default 256",
  "  --retention-days N     journal events older than N days are deleted; default 90",
  "  --retention-mb N       also delete the oldest events while the database uses more than N MB",
  "  --backup-at HH:MM|off  the nightly backup's time in the site's zone; default 02:00",
  "  --photos DIR           cardholder photos the console may show; default DIR/photos",
  "  --nats URL             the NATS server of a multi-server system (nats://HOST:PORT);",
  "                         pair servers with `portcullis multi` or the multi.* commands",
  "",
  "Environment: PORTCULLIS_ADMIN_TOKEN (the first admin token, at least 32 characters),",
  "PORTCULLIS_MAIN_KEY (64 hex digits or base64 of 32 bytes; else DIR/main.key).",
];

/** A whole number option from 1 to 999 999: its value, `undefined` if absent, `null` if malformed. */
const wholeNumber = (text: string | undefined): number | undefined | null =>
  text === undefined ? undefined : /^[1-9]\d{0,5}$/.test(text) ? Number(text) : null;

const hash = (text: string): string => createHash("sha256").update(text).digest("hex");

const plan = (args: ReadonlyArray<string>, io: CliIo): StartPlan | number => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        config: { type: "string" },
        "config-wins": { type: "boolean" },
        data: { type: "string" },
        listen: { type: "string" },
        "max-connections": { type: "string" },
        "backup-at": { type: "string" },
        "retention-days": { type: "string" },
        "retention-mb": { type: "string" },
        nats: { type: "string" },
        photos: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return usageError(io, start, (error as Error).message);
  }
  if (values.help === true) {
    io.out(`usage: ${start.usage}`);
    for (const line of HELP) io.out(line);
    return 0;
  }
  if (values["config-wins"] === true && values.config === undefined)
    return usageError(io, start, "--config-wins needs --config FILE");
  const listen = LISTEN.exec(values.listen ?? "127.0.0.1:8080")?.groups;
  if (listen === undefined) return usageError(io, start, "--listen takes HOST:PORT");
  const backupAt = values["backup-at"];
  if (backupAt !== undefined && backupAt !== "off" && !isBackupTime(backupAt))
    return usageError(io, start, "--backup-at takes HH:MM (24-hour, the site's time zone) or off");
  const natsUrl = values.nats;
  if (natsUrl !== undefined && !NATS_URL.test(natsUrl))
    return usageError(io, start, "--nats takes nats://HOST:PORT");
  const maxConnections = wholeNumber(values["max-connections"]);
  const retentionDays = wholeNumber(values["retention-days"]);
  const retentionMb = wholeNumber(values["retention-mb"]);
  for (const [option, value] of [
    ["--max-connections", maxConnections],
    ["--retention-days", retentionDays],
    ["--retention-mb", retentionMb],
  ] as const)
    if (value === null) return usageError(io, start, `${option} takes a whole number from 1 to 999999`);
  const base = {
    dataDir: resolve(values.data ?? "data"),
    host: listen["host"]!,
    port: Number(listen["port"]),
    backupAt,
    natsUrl,
    photoDir: values.photos === undefined ? undefined : resolve(values.photos),
    maxConnections: maxConnections ?? undefined,
    retention: {
      maxAgeDays: retentionDays ?? DEFAULT_RETENTION.maxAgeDays,
      ...(typeof retentionMb === "number" && { maxBytes: retentionMb * 2 ** 20 }),
    },
  };
  if (values.config === undefined) {
    const demo = demoSiteFile();
    return {
      ...base,
      demo: true,
      file: demo,
      source: hash(JSON.stringify(demo)),
      configWins: false,
      devices: undefined,
    };
  }
  let text: string;
  let json: unknown;
  try {
    text = readFileSync(values.config, "utf8");
    json = JSON.parse(text);
  } catch (error) {
    io.err(`portcullis start: cannot read ${values.config}: ${(error as Error).message}`);
    return 1;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    io.err(
      `portcullis start: invalid configuration: ${values.config} must hold the site file, a JSON object, not ${json === null ? "null" : Array.isArray(json) ? "an array" : typeof json}`,
    );
    return 1;
  }
  // The host's serial wiring rides along in the site file under `devices`; the site itself is the rest.
  const { devices, ...file } = json as Record<string, unknown>;
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
  return {
    ...base,
    demo: false,
    file,
    source: hash(text),
    configWins: values["config-wins"] === true,
    devices: deviceConfig,
  };
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
        site: { file: p.file, source: p.source, configWins: p.configWins },
        ...(p.devices && { devices: p.devices }),
        dataDir: p.dataDir,
        listen: { host: p.host, port: p.port },
        ...(p.maxConnections !== undefined && { maxConnections: p.maxConnections }),
        retention: p.retention,
        consoleDir,
        logger,
        ...(p.backupAt !== undefined && { nightlyBackupAt: p.backupAt }),
        ...(p.natsUrl !== undefined && { natsUrl: p.natsUrl }),
        ...(p.photoDir !== undefined && { photoDir: p.photoDir }),
      });
    } catch (error) {
      // The cause, never a stack trace: every error the start can meet says what is wrong.
      const reason =
        error instanceof DeviceConfigError
          ? `invalid configuration: devices.${error.field}: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
      io.err(`portcullis start: ${reason}`);
      return 1;
    }
    // Handlers first: whoever waits for the console line may signal the moment it is printed.
    const stopped = new Promise<number>((done) => {
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
    for (const token of running.tokens)
      io.out(
        token.role === "admin"
          ? `First start: the admin token is ${token.secret} — it is shown only this once.`
          : `Demo ${token.role} token (valid until shutdown): ${token.secret}`,
      );
    io.out(`Console: ${running.feed.url}/ — sign in with a token.`);
    return stopped;
  },
});

/** The command's words and usage (its `run` needs the console's location: see {@link startCommand}). */
const start: CliCommand = {
  words: ["start"],
  usage: "portcullis start [--config FILE [--config-wins]] [--data DIR] [--listen HOST:PORT]",
  run: () => 2,
};
