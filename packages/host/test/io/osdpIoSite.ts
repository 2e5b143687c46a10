/**
 * `examples/osdp-io-site.json` run by the whole host (`startRunningSite`) on a socat PTY pair: at the other end a
 * simulated OSDP reader (address 1, under its derived key) and a simulated OSDP I/O module (address 2) share the
 * RS-485 line. Real serial in real time.
 */
import { readFileSync } from "node:fs";
import { type EngineEvent, systemClock } from "@portcullis/engine";
import { deriveScbk, nodeCrypto, type OsdpTransport } from "@portcullis/protocols";
import { SimulatedPd, type SimulatedPdOptions } from "@portcullis/testkit";
import { Either } from "effect";
import { decodeDeviceConfig, SerialLine } from "../../src/devices";
import type { Logger } from "../../src/runtime/logger";
import { type RunningSite, startRunningSite } from "../../src/runtime/RunningSite";
import { startPtyPair } from "../devices/socat";
import { tempDir } from "../runtime/tempDir";

const example = new URL("../../../../examples/osdp-io-site.json", import.meta.url);
/** The site main key the reader's and the module's keys derive from. */
export const MAIN_KEY = "a0".repeat(32);
/** Output 0 drives the strike (fail-secure: on = unlocked); input 0 the door contact (active = closed). */
export const STRIKE = 0;
export const CONTACT = 0;

/** What a test varies: the module's Secure Channel switch, the module PD's options, the first admin token. */
export interface OsdpIoSiteOptions {
  readonly name: string;
  readonly moduleSecureChannel?: boolean;
  readonly module?: Partial<Omit<SimulatedPdOptions, "clock" | "transport" | "address">>;
  readonly adminToken?: string;
}

/** The running host, its line's two PDs, the engine events and the warnings logged since start. */
export interface OsdpIoSite {
  readonly running: RunningSite;
  readonly reader: SimulatedPd;
  readonly module: SimulatedPd;
  readonly events: EngineEvent[];
  readonly warnings: string[];
  /** The WebSocket URL of the host's feed. */
  readonly url: string;
  readonly stop: () => Promise<void>;
}

/**
 * The example's two PDs on `transport`: the reader under its derived key, and the module (2 inputs, 1 output) found
 * with its strike on and the door closed, as at power-up.
 */
export const examplePds = (
  transport: OsdpTransport,
  moduleOptions: OsdpIoSiteOptions["module"] = {},
): { readonly reader: SimulatedPd; readonly module: SimulatedPd } => {
  const key = Uint8Array.from(Buffer.from(MAIN_KEY, "hex"));
  const reader = new SimulatedPd({
    clock: systemClock,
    transport,
    address: 1,
    scbk: deriveScbk(nodeCrypto, key, "front-in"),
  });
  const module = new SimulatedPd({
    clock: systemClock,
    transport,
    address: 2,
    secureChannel: false,
    inputCount: 2,
    outputCount: 1,
    ...moduleOptions,
  });
  module.indicators.applyOutput({ output: STRIKE, control: 2, timer: 0 }, Date.now());
  module.setInput(CONTACT, true);
  return { reader, module };
};

/** Starts the example's host with its two PDs on the other end of its RS-485 line. */
export const startOsdpIoSite = async (options: OsdpIoSiteOptions): Promise<OsdpIoSite> => {
  const pair = await startPtyPair(tempDir(options.name));
  const pdLine = await SerialLine.open({ path: pair.pd, baudRate: 115_200 });
  const { reader, module } = examplePds(pdLine, options.module);
  const { devices, ...file } = JSON.parse(readFileSync(example, "utf8")) as {
    devices: {
      lines: Array<{ path: string }>;
      io: Array<{ backend: { line: string; secureChannel: boolean } }>;
    };
  };
  devices.lines[0]!.path = pair.cp;
  devices.io[0]!.backend.line = pair.cp;
  devices.io[0]!.backend.secureChannel = options.moduleSecureChannel ?? false;
  const warnings: string[] = [];
  const logger: Logger = {
    info: () => {},
    warn: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`),
    error: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`),
  };
  const running = await startRunningSite({
    demo: false,
    site: { file, source: options.name },
    devices: Either.getOrThrow(decodeDeviceConfig(devices)),
    dataDir: tempDir(`${options.name}-data`),
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir: tempDir(`${options.name}-console`),
    logger,
    environment: {
      PORTCULLIS_MAIN_KEY: MAIN_KEY,
      ...(options.adminToken !== undefined && { PORTCULLIS_ADMIN_TOKEN: options.adminToken }),
    },
  });
  const events: EngineEvent[] = [];
  running.host.site.events$.subscribe((e) => events.push(e));
  return {
    running,
    reader,
    module,
    events,
    warnings,
    url: `${running.feed.url.replace("http", "ws")}/ws`,
    stop: async () => {
      try {
        await running.stop();
      } finally {
        await pdLine.close();
        await pair.kill();
      }
    },
  };
};
