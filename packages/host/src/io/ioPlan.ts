/**
 * Checks the `devices.io` bindings against the site's controllers and doors, and resolves each controller's
 * relays and inputs into what its backend drives and reads.
 */
import { type Controller, portRef, type SiteConfig, type Supervision } from "@portcullis/engine";
import { Either } from "effect";
import { DeviceConfigError } from "../devices/DeviceConfig";
import type { InputBinding, IoBackend, IoBinding, RelayBinding } from "./IoConfig";

/** A relay port and its coil (Modbus) or output number (OSDP); `energisedWhenLocked` is true for a fail-safe lock. */
export interface RelayPlan {
  readonly port: string;
  readonly coil: number;
  readonly energisedWhenLocked: boolean;
}

/**
 * An input port: a contact on a discrete input (Modbus) or input number (OSDP), or a supervised loop measured on
 * an input register.
 */
export type InputPlan =
  | { readonly port: string; readonly kind: "contact"; readonly discreteInput: number }
  | {
      readonly port: string;
      readonly kind: "loop";
      readonly inputRegister: number;
      readonly ohmsPerCount: number;
    };

/** One controller's I/O as its backend runs it. Simulated controllers list every port of the controller. */
export interface ControllerIoPlan {
  readonly controllerId: string;
  readonly backend: IoBackend;
  readonly relays: ReadonlyArray<RelayPlan>;
  readonly inputs: ReadonlyArray<InputPlan>;
}

/** A door input the engine takes from a controller port: a door monitor, a REX, a monitoring door's sensor. */
export interface DoorInputUse {
  readonly doorId: string;
  readonly what: string;
  readonly supervision: Supervision;
  /** The circuit condition meaning open or pressed: its opposite is the input at rest. */
  readonly activeWhen: "circuit-open" | "circuit-closed";
}

/** Every door input of the site by its site-wide port id (`controllerId:port`). */
export const doorInputs = (site: SiteConfig): ReadonlyMap<string, DoorInputUse> => {
  const uses = new Map<string, DoorInputUse>();
  for (const door of site.doors) {
    const add = (
      port: string,
      what: string,
      supervision: Supervision,
      activeWhen: DoorInputUse["activeWhen"],
    ) => uses.set(portRef(door.controllerId, port), { doorId: door.id, what, supervision, activeWhen });
    if (door.type === "monitoring") {
      add(door.sensor.input, "door position sensor", door.sensor.supervision, door.sensor.openWhen);
      continue;
    }
    const m = door.doorMonitor;
    if (m) add(m.input, "door monitor", m.supervision, m.openWhen);
    for (const side of ["A", "B"] as const) {
      const rex = door.sides[side].rex;
      if (rex) add(rex.input, `REX side ${side}`, rex.supervision, rex.activeWhen);
    }
  }
  return uses;
};

/** Every lock relay of the site by its site-wide port id, with the door that uses it. */
const lockRelays = (site: SiteConfig): ReadonlyMap<string, { doorId: string; what: string }> => {
  const locks = new Map<string, { doorId: string; what: string }>();
  for (const door of site.doors) {
    if (door.type === "monitoring") continue;
    locks.set(portRef(door.controllerId, door.primaryLock), { doorId: door.id, what: "primary lock" });
    if (door.secondaryLock !== undefined)
      locks.set(portRef(door.controllerId, door.secondaryLock), { doorId: door.id, what: "secondary lock" });
  }
  return locks;
};

/** A Wiegand reader of the site, with its door and controller. */
export interface WiegandReaderUse {
  readonly readerId: string;
  readonly doorId: string;
  readonly controllerId: string;
}

/**
 * The Wiegand readers of controllers wired to a Modbus or OSDP backend: Wiegand's D0/D1 lines need GPIO, a backend
 * not built (README "Adding a backend"), so nothing reads them. (A simulated controller's readers get the
 * simulation's cards; an unbound controller runs without any I/O, said at start.)
 */
export const unreadWiegandReaders = (
  site: SiteConfig,
  wiredControllers: ReadonlySet<string>,
): WiegandReaderUse[] =>
  site.doors.flatMap((door) =>
    door.type === "monitoring" || !wiredControllers.has(door.controllerId)
      ? []
      : [...door.sides.A.readers, ...door.sides.B.readers]
          .filter((r) => r.type === "wiegand")
          .map((r) => ({ readerId: r.id, doorId: door.id, controllerId: door.controllerId })),
  );

const fail = (field: string, message: string) => Either.left(new DeviceConfigError({ field, message }));

/**
 * Plans every bound controller's I/O. A bound port must exist on its controller; every lock relay and door input
 * of a Modbus or OSDP controller must be bound (a door must not silently run without its lock or monitor); a supervised
 * input needs its loop measured; no two ports share a coil or an input; a serial port serves one line.
 * `serialPaths` are the ports the OSDP lines already use; an OSDP module must be on one of them (its address is
 * checked with the line's readers by `planOsdpLines`).
 */
export const planIo = (
  site: SiteConfig,
  io: ReadonlyArray<IoBinding>,
  serialPaths: ReadonlyArray<string> = [],
): Either.Either<ReadonlyArray<ControllerIoPlan>, DeviceConfigError> => {
  const controllers = new Map(site.controllers.map((c) => [c.id, c]));
  const inputs = doorInputs(site);
  const locks = lockRelays(site);
  const bound = new Set<string>();
  const paths = new Map(serialPaths.map((p) => [p, "an OSDP line"]));
  const plans: ControllerIoPlan[] = [];
  for (const [i, binding] of io.entries()) {
    const at = `io[${i}]`;
    const controller = controllers.get(binding.controllerId);
    if (controller === undefined)
      return fail(`${at}.controllerId`, `unknown controller "${binding.controllerId}"`);
    if (bound.has(controller.id))
      return fail(`${at}.controllerId`, `controller "${controller.id}" is bound to I/O twice`);
    bound.add(controller.id);
    const { backend } = binding;
    if (backend.kind === "osdp" && !serialPaths.includes(backend.line))
      return fail(
        `${at}.backend.line`,
        `no OSDP line on serial port ${backend.line}: add it to devices.lines`,
      );
    if (backend.kind === "modbus-rtu") {
      const other = paths.get(backend.path);
      if (other !== undefined)
        return fail(`${at}.backend.path`, `serial port ${backend.path} is already used by ${other}`);
      paths.set(backend.path, `${at}`);
    }
    const plan =
      backend.kind === "simulated"
        ? planSimulated(at, controller, binding, inputs)
        : planWired(
            at,
            controller,
            binding,
            inputs,
            locks,
            backend.kind === "osdp" ? osdpWiring : modbusWiring,
          );
    if (Either.isLeft(plan)) return Either.left(plan.left);
    plans.push(plan.right);
  }
  return Either.right(plans);
};

const planSimulated = (
  at: string,
  controller: Controller,
  binding: IoBinding,
  inputs: ReadonlyMap<string, DoorInputUse>,
): Either.Either<ControllerIoPlan, DeviceConfigError> => {
  for (const key of ["relays", "inputs"] as const)
    if (Object.keys(binding[key]).length > 0)
      return fail(`${at}.${key}`, "a simulated controller simulates every port: leave relays and inputs out");
  const supervised = controller.inputs.find(
    (port) => (inputs.get(portRef(controller.id, port))?.supervision.kind ?? "off") !== "off",
  );
  if (supervised !== undefined)
    return fail(`${at}.backend`, `input "${supervised}" is supervised: the simulation has contacts only`);
  return Either.right({
    controllerId: controller.id,
    backend: binding.backend,
    relays: controller.relays.map((port, coil) => ({ port, coil, energisedWhenLocked: false })),
    inputs: controller.inputs.map((port, discreteInput) => ({ port, kind: "contact", discreteInput })),
  });
};

/** How a backend addresses what is wired: a relay's number, an input's plan, or why it cannot take the binding. */
interface Wiring {
  /** What a relay binds to, in messages: "coil", "output". */
  readonly relayNoun: string;
  readonly relay: (value: RelayBinding) => number | string;
  readonly input: (port: string, value: InputBinding, supervision: Supervision["kind"]) => InputPlan | string;
}

const relayAt = (value: RelayBinding, noun: "coil" | "output"): number | string => {
  if (typeof value === "number") return value;
  if (noun === "coil" && "coil" in value) return value.coil;
  if (noun === "output" && "output" in value) return value.output;
  return `this backend's relays bind to ${noun === "coil" ? "a coil: { coil, lock }" : "an output: { output, lock }"}`;
};

const modbusWiring: Wiring = {
  relayNoun: "coil",
  relay: (value) => relayAt(value, "coil"),
  input: (port, value, supervision) => {
    if (typeof value === "number")
      return supervision !== "off"
        ? `input "${port}" is supervised (${supervision}): a discrete input cannot tell cut or short; ` +
            "bind it to { inputRegister } measuring the loop's resistance"
        : { port, kind: "contact", discreteInput: value };
    if (supervision === "off")
      return `input "${port}" is not a supervised door input: bind it to a discrete input`;
    return { port, kind: "loop", inputRegister: value.inputRegister, ohmsPerCount: value.ohmsPerCount };
  },
};

const osdpWiring: Wiring = {
  relayNoun: "output",
  relay: (value) => relayAt(value, "output"),
  input: (port, value, supervision) => {
    if (typeof value !== "number")
      return `an OSDP module has no input registers: bind "${port}" to its input number`;
    if (supervision !== "off")
      return (
        `input "${port}" is supervised (${supervision}): an OSDP input reports active or inactive, ` +
        "never cut or short; wire the loop to a Modbus resistance input or turn supervision off"
      );
    return { port, kind: "contact", discreteInput: value };
  },
};

/** Where an input plan reads, naming clashes. */
const inputWhere = (plan: InputPlan, noun: string): string =>
  plan.kind === "contact" ? `${noun} ${plan.discreteInput}` : `input register ${plan.inputRegister}`;

/**
 * A Modbus or OSDP controller's ports on its module: each bound port exists on the controller and binds as the
 * backend can, no two share an address, and every lock relay and door input of the controller is bound.
 */
const planWired = (
  at: string,
  controller: Controller,
  binding: IoBinding,
  inputs: ReadonlyMap<string, DoorInputUse>,
  locks: ReadonlyMap<string, { doorId: string; what: string }>,
  wiring: Wiring,
): Either.Either<ControllerIoPlan, DeviceConfigError> => {
  const relays: RelayPlan[] = [];
  const coils = new Map<number, string>();
  for (const [port, value] of Object.entries(binding.relays)) {
    const field = `${at}.relays.${port}`;
    if (!controller.relays.includes(port))
      return fail(field, `controller "${controller.id}" has no relay port "${port}"`);
    const coil = wiring.relay(value);
    if (typeof coil === "string") return fail(field, coil);
    const clash = coils.get(coil);
    if (clash !== undefined) return fail(field, `${wiring.relayNoun} ${coil} is already relay "${clash}"`);
    coils.set(coil, port);
    relays.push({ port, coil, energisedWhenLocked: typeof value !== "number" && value.lock === "fail-safe" });
  }
  for (const port of controller.relays) {
    const lock = locks.get(portRef(controller.id, port));
    if (lock !== undefined && binding.relays[port] === undefined)
      return fail(
        `${at}.relays`,
        `door "${lock.doorId}" uses relay port "${port}" as its ${lock.what}: bind it to ${wiring.relayNoun === "coil" ? "a coil" : "an output"}`,
      );
  }
  const planned: InputPlan[] = [];
  const wired = new Map<string, string>();
  const inputNoun = wiring === modbusWiring ? "discrete input" : "input";
  for (const [port, value] of Object.entries(binding.inputs)) {
    const field = `${at}.inputs.${port}`;
    if (!controller.inputs.includes(port))
      return fail(field, `controller "${controller.id}" has no input port "${port}"`);
    const supervision = inputs.get(portRef(controller.id, port))?.supervision.kind ?? "off";
    const plan = wiring.input(port, value, supervision);
    if (typeof plan === "string") return fail(field, plan);
    const where = inputWhere(plan, inputNoun);
    const clash = wired.get(where);
    if (clash !== undefined) return fail(field, `${where} is already input "${clash}"`);
    wired.set(where, port);
    planned.push(plan);
  }
  for (const port of controller.inputs) {
    const use = inputs.get(portRef(controller.id, port));
    if (use !== undefined && binding.inputs[port] === undefined)
      return fail(
        `${at}.inputs`,
        `door "${use.doorId}" uses input port "${port}" as its ${use.what}: bind it`,
      );
  }
  return Either.right({ controllerId: controller.id, backend: binding.backend, relays, inputs: planned });
};
