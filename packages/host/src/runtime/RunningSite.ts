/**
 * A whole running site: the host (store, site, journal), its OSDP devices — simulated lines for the
 * demo, serial ports otherwise — its door I/O, and the WebSocket feed serving the console. What
 * `portcullis start` runs, and what end-to-end tests start.
 */
import { PeripheralKey } from "../peripheral";
import { Either } from "effect";
import { ConfigError, systemClock } from "@portcullis/engine";
import { nodeCrypto } from "@portcullis/protocols";
import { DEFAULT_BACKUP_TIME, startHostBackups, type HostBackups } from "../backup";
import { DemoHardware, demoDeviceConfig } from "../demo/demoHardware";
import {
  OsdpDevices,
  SerialLine,
  type DeviceCommandError,
  type DeviceConfig,
  type DeviceEvent,
} from "../devices";
import { FeedError, startFeedServer, type FeedErrorCode, type FeedServer, type ReaderDevices } from "../feed";
import { MultiServer } from "../multi";
import { SiteRecords } from "../reports/SiteRecords";
import { Alarms } from "../alarms";
import { Host, type AnnouncedToken } from "./Host";
import type { RetentionPolicy } from "./JournalRetention";
import type { GivenSiteFile } from "./loadSite";
import type { Logger } from "./logger";
import { SiteIo } from "./SiteIo";
import { photoFolder } from "../photos";
import { hostTransfer } from "../transfer/CardholderTransfer";

/** How a device refusal reads on the feed. */
const DEVICE_REFUSALS: Record<DeviceCommandError["code"], FeedErrorCode> = {
  UnknownReader: "UnknownReader",
  UnknownModule: "NotAvailable",
  NoSecureChannel: "NotAvailable",
  NotStarted: "NotAvailable",
  InvalidDuration: "BadCommand",
};

/** What to run. */
export interface RunningSiteOptions {
  /** The demo: simulated OSDP lines and `sim.*` commands. */
  readonly demo: boolean;
  readonly site: GivenSiteFile;
  /** Serial lines and I/O backends (ignored for the demo, whose lines and I/O are simulated). */
  readonly devices?: DeviceConfig;
  readonly dataDir: string;
  readonly listen: { readonly host: string; readonly port: number };
  /** Open WebSocket connections at most (the feed's default otherwise). */
  readonly maxConnections?: number;
  /** How much of the journal is kept (default 90 days). */
  readonly retention?: RetentionPolicy;
  readonly consoleDir: string;
  readonly logger: Logger;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** The nightly backup's time of day, `HH:MM` in the site's time zone (default 02:00), or `off`. */
  readonly nightlyBackupAt?: string;
  /** The cardholder photo directory the console may show photos from (default `DATA/photos`). */
  readonly photoDir?: string;
  /** The NATS server of a multi-server system (`nats://HOST:PORT`); absent: this host does not connect. */
  readonly natsUrl?: string;
}

/** A running site; `stop` shuts it down in order (backups, feed, devices, store). */
export interface RunningSite {
  readonly host: Host;
  readonly feed: FeedServer;
  readonly devices: OsdpDevices;
  readonly backups: HostBackups;
  readonly io: SiteIo;
  readonly multi: MultiServer;
  /** Tokens to show: a first start's admin token, the demo's operator token. */
  readonly tokens: ReadonlyArray<AnnouncedToken>;
  stop(): Promise<void>;
}

/** Starts everything; a bad site file throws `HostConfigError`, a bad device configuration `DeviceConfigError`. */
export const startRunningSite = async (options: RunningSiteOptions): Promise<RunningSite> => {
  const { logger } = options;
  let devices: OsdpDevices | undefined;
  const io = new SiteIo({ clock: systemClock, logger });
  const host = await Host.start({
    dataDir: options.dataDir,
    site: options.site,
    logger,
    ...(options.environment && { environment: options.environment }),
    ...(options.retention && { retention: options.retention }),
    feedback: (readerId, intent) => devices?.feedback(readerId, intent),
    relays: io.relays,
    outputs: io.outputs,
  });
  const serialLines = new Map<string, SerialLine>();
  let records: SiteRecords | undefined;
  let alarms: Alarms | undefined;
  let backups: HostBackups | undefined;
  let multi: MultiServer | undefined;
  try {
    records = await SiteRecords.open(host.store, host.site, {
      follow: true,
      onError: (error) => logger.error("site records failed", { error: String(error) }),
    });
    alarms = await Alarms.open(host.store.db, host.store.journal, (error) =>
      logger.error("alarms not stored", { error: String(error) }),
    );
    const config = host.site.config;
    const hardware = options.demo
      ? new DemoHardware(config, systemClock, nodeCrypto, host.mainKey)
      : undefined;
    const deviceConfig = hardware ? demoDeviceConfig(config) : (options.devices ?? { lines: [] });
    io.plan(host.site, deviceConfig);
    if (!hardware)
      for (const line of deviceConfig.lines)
        serialLines.set(line.path, await SerialLine.open({ path: line.path, baudRate: line.baudRate }));
    devices = Either.getOrThrowWith(
      OsdpDevices.make({
        site: config,
        devices: deviceConfig,
        secureChannel: { mainKey: host.mainKey, crypto: nodeCrypto },
        clock: systemClock,
        transport: (line) => hardware?.transport(line) ?? serialLines.get(line.path)!,
      }),
      // The device configuration's own error names the field and the missing line.
      (error) => error,
    );
    const running = devices;
    io.start(host.site, running);
    const deviceEvents = running.events$.subscribe((e: DeviceEvent) => host.recordHostEvent(e));
    // Readers live in doors and their ports on controllers: a change to either may move a reader on a line.
    const deviceChanges = host.site.events$.subscribe((event) => {
      // An import's undo replaces the whole site file (entity `site`), hardware included.
      if (
        event.type !== "ConfigChanged" ||
        (event.entity !== "door" && event.entity !== "controller" && event.entity !== "site")
      )
        return;
      const replanned = running.reconfigure(host.site.config);
      if (Either.isLeft(replanned))
        logger.warn("OSDP lines unchanged: the changed site does not fit them", {
          entity: event.entity,
          id: event.id,
          error: replanned.left.message,
        });
    });
    running.start((input) => host.site.push(input));
    // Install mode is logged with who asked; the device layer journals its start and end.
    const installModeAnswer = (
      result: Either.Either<void, DeviceCommandError>,
      fields: Record<string, unknown>,
    ) => {
      if (Either.isRight(result)) logger.info("install mode", fields);
      return Either.mapLeft(
        result,
        (e) => new FeedError({ code: DEVICE_REFUSALS[e.code], message: e.message }),
      );
    };
    const readerDevices: ReaderDevices = {
      installMode: async (readerId, durationS, by) =>
        installModeAnswer(running.setInstallMode(readerId, durationS * 1000), { readerId, durationS, by }),
      moduleInstallMode: async (controllerId, durationS, by) =>
        installModeAnswer(running.setModuleInstallMode(controllerId, durationS * 1000), {
          controllerId,
          durationS,
          by,
        }),
    };
    const nightlyAt = options.nightlyBackupAt ?? DEFAULT_BACKUP_TIME;
    backups = startHostBackups(host, {
      dataDir: options.dataDir,
      nightlyAt: nightlyAt === "off" ? undefined : nightlyAt,
      clock: systemClock,
      logger,
    });
    multi = await MultiServer.start({
      ...(options.natsUrl !== undefined && { natsUrl: options.natsUrl }),
      site: host.site,
      db: host.store.db,
      saved: () => host.configSaved(),
      clock: systemClock,
      logger,
      records,
      journal: host.store.journal,
    });
    const multiServer = multi;
    // An import checks its photos where the console is shown them from.
    const photoDir = options.photoDir ?? photoFolder(options.dataDir);
    const started = backups;
    const feed = await startFeedServer({
      backend: {
        site: host.site,
        journal: host.store.journal,
        recordHostEvent: host.recordHostEvent,
        // On a sub, the main's global entities are read-only.
        configure: async (changes, by, options) => {
          const refused = changes.map((c) => multiServer.refuse(c)).find((r) => r !== undefined);
          return refused === undefined
            ? host.config.apply(changes, by, options)
            : Either.left(ConfigError.of([{ field: "global", message: refused.message }]));
        },
        tokens: host.store.tokens,
        clock: systemClock,
        devices: readerDevices,
        ...(hardware && { sim: hardware.controls(host.site, io) }),
        records,
        backups: {
          now: (by) => started.backups.now(by),
          list: () => started.backups.list(),
          nightly: () => started.nightly(),
        },
        peripheralKey: await PeripheralKey.open(host.mainKey, host.store.siteDocuments),
        transfer: hostTransfer(host, photoDir),
        alarms,
        multi: multiServer,
      },
      plates: {
        isPlateReader: (readerId) =>
          host.site.config.doors.some(
            (d) =>
              d.type !== "monitoring" &&
              [...d.sides.A.readers, ...d.sides.B.readers].some((r) => r.id === readerId && r.type === "lpr"),
          ),
        push: (input) => host.site.push(input),
      },
      host: options.listen.host,
      port: options.listen.port,
      ...(options.maxConnections !== undefined && { maxConnections: options.maxConnections }),
      consoleDir: options.consoleDir,
      photos: {
        dir: photoDir,
        photoPath: (id) => host.site.policy.cardholders.find((c) => c.id === id)?.photoPath,
      },
      logger,
    });
    const operator = options.demo ? await host.mintUntilShutdown("operator", "demo session") : undefined;
    return {
      host,
      feed,
      devices: running,
      backups: started,
      io,
      multi: multiServer,
      tokens: [...host.announced, ...(operator ? [operator] : [])],
      stop: async () => {
        await started.stop();
        await feed.close();
        await multiServer.stop();
        deviceEvents.unsubscribe();
        deviceChanges.unsubscribe();
        // Before the lines stop: an OSDP I/O module confirms its locks locked on its line.
        await io.stop(host.site);
        running.stop();
        hardware?.stop();
        for (const line of serialLines.values()) await line.close();
        // The demo's operator token is valid until shutdown (after a crash, the next start revokes it).
        if (operator) await host.store.tokens.revoke(operator.id);
        await records?.close();
        await alarms?.close();
        await host.stop();
      },
    };
  } catch (error) {
    await multi?.stop();
    await backups?.stop();
    devices?.stop();
    await io.stop(host.site);
    for (const line of serialLines.values()) await line.close();
    await records?.close();
    await alarms?.close();
    await host.stop();
    throw error;
  }
};
