/**
 * The `devices.io` section of the site file: which I/O backend drives each controller's relays and reads
 * its inputs, and which Modbus coil or input, or OSDP output or input, each named port is wired to.
 */
import { Schema } from "effect";

const Name = Schema.String.pipe(Schema.minLength(1));
const Int = (min: number, max: number) => Schema.Number.pipe(Schema.int(), Schema.between(min, max));
/** A Modbus data address as sent on the wire: 0-based (a manual's coil "00001" is 0, input "10001" is 0). */
const Address = Int(0, 65_535);
/** How long a request may go unanswered before the module counts as lost. */
const timeoutMs = Schema.optionalWith(Int(10, 60_000), { default: () => 500 });
/** How often the inputs are read (DESIGN: default 20 ms; the engine debounces what changes). */
const pollMs = Schema.optionalWith(Int(5, 10_000), { default: () => 20 });

/** A Modbus TCP I/O module (or a gateway) on the network. */
export const ModbusTcpBackend = Schema.Struct({
  kind: Schema.Literal("modbus-tcp"),
  host: Name,
  port: Schema.optionalWith(Int(1, 65_535), { default: () => 502 }),
  /** TCP modules usually ignore it; a gateway to an RS-485 bus routes by it. */
  unitId: Schema.optionalWith(Int(0, 255), { default: () => 1 }),
  timeoutMs,
  pollMs,
});
export type ModbusTcpBackend = typeof ModbusTcpBackend.Type;

/** A Modbus RTU I/O module on a serial port (RS-485 adapter), alone on its bus. */
export const ModbusRtuBackend = Schema.Struct({
  kind: Schema.Literal("modbus-rtu"),
  path: Name,
  baudRate: Schema.Literal(1_200, 2_400, 4_800, 9_600, 19_200, 38_400, 57_600, 115_200),
  // Most small I/O modules ship 8N1; the Modbus spec's default is 8E1, so it is a setting.
  parity: Schema.optionalWith(Schema.Literal("none", "even", "odd"), { default: () => "none" as const }),
  stopBits: Schema.optionalWith(Schema.Literal(1, 2), { default: () => 1 as const }),
  unitId: Schema.optionalWith(Int(1, 247), { default: () => 1 }),
  timeoutMs,
  pollMs,
});
export type ModbusRtuBackend = typeof ModbusRtuBackend.Type;

/**
 * An OSDP I/O module (a PD with outputs and inputs) on one of the site's RS-485 lines, beside its readers:
 * relays are its outputs (osdp_OUT, confirmed by OSTATR), contacts its inputs (ISTATR).
 */
export const OsdpIoBackend = Schema.Struct({
  kind: Schema.Literal("osdp"),
  /** The serial port of the `devices.lines` entry the module is wired to. */
  line: Name,
  /** Its OSDP address on that line, unique among the line's readers and modules. */
  address: Int(0, 126),
  /** Secure Channel under a key derived from the site main key, as for readers (default off). */
  secureChannel: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  /** How long after an unconfirmed or refused relay command it is sent again. */
  retryMs: Schema.optionalWith(Int(10, 60_000), { default: () => 250 }),
});
export type OsdpIoBackend = typeof OsdpIoBackend.Type;

/** Simulated I/O (the demo, tests): every port of the controller, doors closed and buttons released at start. */
export const SimulatedBackend = Schema.Struct({ kind: Schema.Literal("simulated") });
export type SimulatedBackend = typeof SimulatedBackend.Type;

/** The backend of one controller's I/O. */
export const IoBackend = Schema.Union(ModbusTcpBackend, ModbusRtuBackend, OsdpIoBackend, SimulatedBackend);
export type IoBackend = typeof IoBackend.Type;

const lock = Schema.optionalWith(Schema.Literal("fail-secure", "fail-safe"), {
  default: () => "fail-secure" as const,
});

/**
 * A relay port's coil (Modbus) or output number (OSDP, 0-based as in osdp_OUT). A bare number is a fail-secure
 * lock (an electric strike: energised to unlock); a `fail-safe` lock (a magnetic lock: energised to lock) says so.
 */
export const RelayBinding = Schema.Union(
  Address,
  Schema.Struct({ coil: Address, lock }),
  Schema.Struct({ output: Int(0, 255), lock }),
);
export type RelayBinding = typeof RelayBinding.Type;

/**
 * An input port's wiring. A bare number is a discrete input (Modbus) or an input number (OSDP, its place in
 * ISTATR) reading a contact (on, active = circuit closed). A
 * supervised loop (end-of-line resistors) needs its resistance measured: an input register of a resistance
 * input, counting `ohmsPerCount` ohms per unit.
 */
export const InputBinding = Schema.Union(
  Address,
  Schema.Struct({
    inputRegister: Address,
    ohmsPerCount: Schema.optionalWith(Schema.Number.pipe(Schema.positive()), { default: () => 1 }),
  }),
);
export type InputBinding = typeof InputBinding.Type;

/** One controller's I/O: its backend and, for Modbus and OSDP, the output or input behind each named port. */
export const IoBinding = Schema.Struct({
  controllerId: Name,
  backend: IoBackend,
  relays: Schema.optionalWith(Schema.Record({ key: Name, value: RelayBinding }), { default: () => ({}) }),
  inputs: Schema.optionalWith(Schema.Record({ key: Name, value: InputBinding }), { default: () => ({}) }),
});
export type IoBinding = typeof IoBinding.Type;
