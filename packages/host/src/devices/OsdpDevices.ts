/** The OSDP device layer: one control panel line per RS-485 bus, its events as site inputs, feedback back to readers. */
import type { EngineClock, FeedbackIntent, SiteConfig } from "@portcullis/engine";
import {
  type CpLine,
  type CpLineEvent,
  feedbackCommands,
  makeCpLine,
  MAX_INSTALL_MODE_MS,
  type OsdpTransport,
} from "@portcullis/protocols";
import { Either } from "effect";
import { type Observable, Subject } from "rxjs";
import { type DeviceCommandError, refuseCommand } from "./DeviceCommandError";
import {
  DEFAULT_MIN_REVISIT_MS,
  type DeviceConfig,
  type DeviceConfigError,
  type OsdpLineConfig,
} from "./DeviceConfig";
import type { DeviceEvent, ReaderDeviceStatus } from "./deviceEvents";
import type { InputSink, InputSource } from "./InputSource";
import { lineEventInput } from "./lineEventInput";
import type { OsdpModuleEvent, OsdpModulePort, OsdpModules } from "./OsdpModulePort";
import {
  type OsdpLinePlan,
  modulePdId,
  type OsdpModulePlan,
  type OsdpReaderPlan,
  planOsdpLines,
  type SecureChannelSettings,
} from "./osdpLinePlan";

const makeControlPanel = (
  options: OsdpDevicesOptions,
  transport: OsdpTransport,
  plan: OsdpLinePlan,
): CpLine =>
  makeCpLine({
    transport,
    clock: options.clock,
    crypto: options.secureChannel.crypto,
    baudRate: plan.line.baudRate,
    readers: [...plan.readers, ...plan.modules],
    pollIntervalMs: plan.line.minRevisitMs ?? DEFAULT_MIN_REVISIT_MS,
  });

/** What the device layer needs: the site, the host's line settings, Secure Channel keys, a clock and transports. */
export interface OsdpDevicesOptions {
  readonly site: SiteConfig;
  readonly devices: DeviceConfig;
  readonly secureChannel: SecureChannelSettings;
  /** The site's clock: line events are stamped on it, and reply timeouts run on it. */
  readonly clock: EngineClock;
  /** Each line's bytes: a `SerialLine` in production, an `Rs485Bus` endpoint in the demo and tests. */
  readonly transport: (line: OsdpLineConfig) => OsdpTransport;
}

interface RunningReader {
  readonly plan: OsdpReaderPlan;
  readonly line: CpLine;
}

/** One RS-485 line: its transport outlives the control panels run on it as the site's readers change. */
interface RunningLine {
  /** The line's serial port, naming it in events. */
  readonly path: string;
  readonly transport: OsdpTransport;
  cp: CpLine;
  /** The readers the control panel was built for, to tell whether a configuration change touches the line. */
  signature: string;
  unsubscribe?: () => void;
}

// Everything a control panel takes from its PDs' plans; a line whose readers and modules keep theirs keeps running.
const signatureOf = (plan: OsdpLinePlan): string =>
  JSON.stringify([
    plan.readers.map((r) => [
      r.readerId,
      r.doorId,
      r.address,
      r.scbk === null ? null : Array.from(r.scbk),
      r.plaintextAgainstSite,
    ]),
    plan.modules.map((m) => [m.readerId, m.address, m.scbk === null ? null : Array.from(m.scbk)]),
  ]);

interface RunningModule {
  readonly plan: OsdpModulePlan;
  readonly line: CpLine;
}

/** Install mode for a reader's or a module's PD (`what` names it in refusals). */
const installMode = (
  pd: RunningReader | RunningModule,
  what: string,
  durationMs: number,
): Either.Either<void, DeviceCommandError> => {
  if (pd.plan.scbk === null)
    return refuseCommand("NoSecureChannel", `Secure Channel is not in effect for ${what}`);
  if (!Number.isInteger(durationMs) || durationMs <= 0 || durationMs > MAX_INSTALL_MODE_MS)
    return refuseCommand("InvalidDuration", `install mode lasts 1 ms to ${MAX_INSTALL_MODE_MS} ms`);
  pd.line.setInstallMode(pd.plan.readerId, durationMs);
  return Either.void;
};

/**
 * Running OSDP lines. As an `InputSource` it pushes card bits, keys, tamper and reader online/offline to the site;
 * `feedback` is the site's `SiteOptions.feedback`; Secure Channel and install mode changes come out of `events$`.
 * The lines' OSDP I/O modules are handed to their door I/O backends (`module`), never to the site.
 */
export class OsdpDevices implements InputSource, OsdpModules {
  private readonly events = new Subject<DeviceEvent>();
  /** Secure Channel and install mode changes, for the host to journal. */
  readonly events$: Observable<DeviceEvent> = this.events.asObservable();
  private readers = new Map<string, RunningReader>();
  /** By PD id (`io:<controllerId>`). */
  private modules = new Map<string, RunningModule>();
  private readonly moduleListeners = new Map<string, Set<(event: OsdpModuleEvent) => void>>();
  private sink: InputSink | undefined;

  private constructor(
    private readonly options: OsdpDevicesOptions,
    private readonly lines: ReadonlyArray<RunningLine>,
    plans: ReadonlyArray<OsdpLinePlan>,
  ) {
    this.place(plans);
  }

  /** Builds one line per configured bus (nothing is sent before `start`); fails when the configuration does not fit. */
  static make(options: OsdpDevicesOptions): Either.Either<OsdpDevices, DeviceConfigError> {
    return Either.map(planOsdpLines(options.site, options.devices, options.secureChannel), (plans) => {
      const lines = plans.map((p): RunningLine => {
        const transport = options.transport(p.line);
        return {
          path: p.line.path,
          transport,
          cp: makeControlPanel(options, transport, p),
          signature: signatureOf(p),
        };
      });
      return new OsdpDevices(options, lines, plans);
    });
  }

  private place(plans: ReadonlyArray<OsdpLinePlan>): void {
    this.readers = new Map();
    this.modules = new Map();
    plans.forEach((p, i) => {
      const line = this.lines[i]!.cp;
      for (const plan of p.readers) this.readers.set(plan.readerId, { plan, line });
      for (const plan of p.modules) this.modules.set(plan.readerId, { plan, line });
    });
  }

  /** The OSDP I/O module of `controllerId`, for its door I/O backend. */
  module(controllerId: string): OsdpModulePort | undefined {
    const pdId = modulePdId(controllerId);
    if (!this.modules.has(pdId)) return undefined;
    return {
      // Looked up on each call: a reconfigured line runs a new control panel.
      send: (command) => this.modules.get(pdId)?.line.send(pdId, command) ?? false,
      subscribe: (listener) => {
        const listeners = this.moduleListeners.get(pdId) ?? new Set();
        this.moduleListeners.set(pdId, listeners);
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  readonly start = (sink: InputSink): void => {
    this.sink = sink;
    for (const line of this.lines) this.run(line, sink);
  };

  private run(line: RunningLine, sink: InputSink): void {
    line.unsubscribe = line.cp.subscribe((event) => this.onEvent(line, event, sink));
    line.cp.start();
  }

  readonly stop = (): void => {
    this.sink = undefined;
    for (const line of this.lines) {
      line.unsubscribe?.();
      line.cp.stop();
    }
  };

  /**
   * Follows a configuration change at runtime: a line whose OSDP readers (ids, addresses, keys, doors) changed
   * gets a new control panel on the same port, which brings its readers up from scratch; the other lines run on
   * untouched. When the changed site no longer fits the lines (a reader on a port no line serves, two readers
   * at one address), nothing changes and the error says why.
   */
  reconfigure(site: SiteConfig): Either.Either<void, DeviceConfigError> {
    return Either.map(planOsdpLines(site, this.options.devices, this.options.secureChannel), (plans) => {
      plans.forEach((p, i) => {
        const line = this.lines[i]!;
        const signature = signatureOf(p);
        if (signature === line.signature) return;
        line.unsubscribe?.();
        line.cp.stop();
        line.cp = makeControlPanel(this.options, line.transport, p);
        line.signature = signature;
        if (this.sink !== undefined) this.run(line, this.sink);
      });
      this.place(plans);
    });
  }

  /** Shows an engine feedback intent on an OSDP reader (LED, then buzzer); other readers are not ours. */
  readonly feedback = (readerId: string, intent: FeedbackIntent): void => {
    const reader = this.readers.get(readerId);
    if (reader === undefined) return;
    for (const command of feedbackCommands(intent)) reader.line.send(readerId, command);
  };

  /** Lets a Secure Channel reader accept SCBK-D for `durationMs`, only when an admin asks (DESIGN §3). */
  setInstallMode(readerId: string, durationMs: number): Either.Either<void, DeviceCommandError> {
    const reader = this.readers.get(readerId);
    if (reader === undefined) return refuseCommand("UnknownReader", `no OSDP reader "${readerId}"`);
    return installMode(reader, `reader "${readerId}"`, durationMs);
  }

  /**
   * Lets the OSDP I/O module of `controllerId` accept SCBK-D for `durationMs`, as a reader's install mode: a
   * factory-fresh module configured with `secureChannel` is given its derived key by KEYSET and comes online.
   */
  setModuleInstallMode(controllerId: string, durationMs: number): Either.Either<void, DeviceCommandError> {
    const module = this.modules.get(modulePdId(controllerId));
    if (module === undefined)
      return refuseCommand("UnknownModule", `controller "${controllerId}" has no OSDP I/O module`);
    return installMode(module, `the I/O module of controller "${controllerId}"`, durationMs);
  }

  /** A reader's device status; undefined for a reader that is not an OSDP reader of this host. */
  readerStatus(readerId: string): ReaderDeviceStatus | undefined {
    const reader = this.readers.get(readerId);
    const status = reader?.line.status(readerId);
    return status === "online" && reader?.plan.plaintextAgainstSite ? "error" : status;
  }

  private onEvent(line: RunningLine, event: CpLineEvent, sink: InputSink): void {
    if (event.type === "ActorRestarted")
      return this.events.next({
        type: "ActorRestarted",
        actor: event.readerId === undefined ? `osdp-line:${line.path}` : `osdp-pd:${event.readerId}`,
        error: event.error,
        at: event.at,
      });
    // A module's events go to its door I/O backend, never to the site; its Secure Channel and install mode are
    // journalled as a reader's are, under its PD id.
    if (this.modules.has(event.readerId))
      for (const listener of this.moduleListeners.get(event.readerId) ?? []) listener(event);
    else {
      const input = lineEventInput(event, this.readers.get(event.readerId)?.plan.plaintextAgainstSite);
      if (input !== undefined) sink(input);
    }
    switch (event.type) {
      case "SecureChannel":
        return this.events.next({
          type: "SecureChannel",
          readerId: event.readerId,
          state: event.state,
          at: event.at,
        });
      case "InstallMode":
        return this.events.next({
          type: "InstallMode",
          readerId: event.readerId,
          active: event.active,
          at: event.at,
        });
    }
  }
}
