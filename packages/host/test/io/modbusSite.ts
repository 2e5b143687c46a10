/** A running site whose one controller's I/O is a Modbus module: two doors, a strike and a maglock, REX, a supervised monitor. */
import type { EngineEvent } from "@portcullis/engine";
import { Either } from "effect";
import { decodeDeviceConfig } from "../../src/devices";
import type { Logger } from "../../src/runtime/logger";
import { startRunningSite, type RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";

/**
 * `front`: strike on r1 (coil 0, fail-secure), monitor in1 (discrete input 0, open when the circuit opens),
 * REX in2 (discrete input 1, pressed when it closes). `back`: maglock on r2 (coil 1, fail-safe), supervised
 * monitor in3 (parallel-first) measured on input register 0.
 */
export const modbusSiteFile = {
  name: "Modbus test site",
  timeZone: "Europe/Stockholm",
  controllers: [
    { id: "c1", name: "Door controller", relays: ["r1", "r2"], inputs: ["in1", "in2", "in3", "in4"] },
  ],
  doors: [
    {
      id: "front",
      name: "Front door",
      controllerId: "c1",
      primaryLock: "r1",
      timing: { accessTimeS: 5 },
      doorMonitor: { input: "in1", openWhen: "circuit-open", debounceMs: 100 },
      sides: { A: {}, B: { rex: { input: "in2", activeWhen: "circuit-closed", debounceMs: 300 } } },
    },
    {
      id: "back",
      name: "Back door",
      controllerId: "c1",
      primaryLock: "r2",
      doorMonitor: { input: "in3", openWhen: "circuit-open", supervision: { kind: "parallel-first" } },
      sides: { A: {}, B: {} },
    },
  ],
};

/** The module's wiring, for a backend. */
export const modbusWiring = {
  relays: { r1: 0, r2: { coil: 1, lock: "fail-safe" } },
  inputs: { in1: 0, in2: 1, in3: { inputRegister: 0 } },
};

/** What the tests watch. */
export interface ModbusSite {
  readonly running: RunningSite;
  readonly events: EngineEvent[];
  readonly logs: Array<{ level: string; msg: string; fields: Record<string, unknown> | undefined }>;
  /** Event types of a door (or of the site when no door is named) since index `from`. */
  types(from: number, doorId?: string): string[];
}

/** Starts the site (by default {@link modbusSiteFile}, wired as {@link modbusWiring}) with the module behind `backend`. */
export const startModbusSite = async (
  backend: Record<string, unknown>,
  file: Record<string, unknown> = modbusSiteFile,
  wiring: Record<string, unknown> = modbusWiring,
): Promise<ModbusSite> => {
  const devices = Either.getOrThrow(decodeDeviceConfig({ io: [{ controllerId: "c1", backend, ...wiring }] }));
  const logs: ModbusSite["logs"] = [];
  const record =
    (level: string): Logger["info"] =>
    (msg, fields) =>
      logs.push({ level, msg, fields });
  const logger: Logger = { info: record("info"), warn: record("warn"), error: record("error") };
  const events: EngineEvent[] = [];
  const running = await startRunningSite({
    demo: false,
    site: { file, source: "modbus" },
    devices,
    dataDir: tempDir("modbus-site"),
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir: tempDir("modbus-console"),
    logger,
    environment: {},
  });
  running.host.site.events$.subscribe((e) => events.push(e));
  return {
    running,
    events,
    logs,
    types: (from, doorId) =>
      events
        .slice(from)
        .filter((e) => doorId === undefined || ("doorId" in e && e.doorId === doorId))
        .map((e) => e.type),
  };
};
