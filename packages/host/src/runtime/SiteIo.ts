/**
 * The composition root of door I/O: builds each controller's backend from the site file's `devices.io`
 * (Modbus, OSDP I/O modules, simulated), and binds the engine's ports to them — lock relays through the site's `RelayDriver`,
 * contacts and supervised loops as site inputs, each backend's reachability as its controller's online status.
 */
import {
  type EngineClock,
  type OutputDriver,
  portRef,
  readSupervisedLoop,
  type RelayDriver,
  type Site,
  type SiteInput,
} from "@portcullis/engine";
import { Either } from "effect";
import type { Subscription } from "rxjs";
import { type DeviceConfig, DeviceConfigError, type OsdpModules } from "../devices";
import {
  contactClosed,
  type ControllerIoPlan,
  type DoorInputUse,
  type DoorIo,
  type DoorIoEvents,
  doorInputs,
  ModbusIo,
  type ModbusIoPlan,
  OsdpIo,
  type OsdpIoPlan,
  planIo,
  SimulatedIo,
  unreadWiegandReaders,
} from "../io";
import type { Logger } from "./logger";

interface RelayRoute {
  readonly io: DoorIo;
  readonly port: string;
  readonly energisedWhenLocked: boolean;
}

/** What the I/O runs on. */
export interface SiteIoOptions {
  readonly clock: EngineClock;
  readonly logger: Logger;
}

/**
 * Door I/O of a running site. Create it before the site, hand the site its `relays`, `plan` it against the started
 * site before any port is opened, then `start` it with the site's OSDP lines: lock commands given meanwhile (every
 * lock locked at start) become the backends' initial state, written before any input is read.
 */
export class SiteIo {
  /** Lock commands not yet routed to a backend, by site-wide relay id: `true` = locked. */
  private readonly pending = new Map<string, boolean>();
  private readonly routes = new Map<string, RelayRoute>();
  private readonly backends: DoorIo[] = [];
  private readonly simulation = new Map<string, SimulatedIo>();
  private inputs: ReadonlyMap<string, DoorInputUse> = new Map();
  /** Wiegand readers already reported unread, so a configuration change warns only of new ones. */
  private readonly unread = new Set<string>();
  private changes: Subscription | undefined;
  private planned:
    { readonly devices: DeviceConfig; readonly plans: ReadonlyArray<ControllerIoPlan> } | undefined;

  constructor(private readonly options: SiteIoOptions) {}

  /** The engine's relay port: routed to the controller's backend at once (DESIGN §4: synchronously). */
  readonly relays: RelayDriver = {
    setRelay: (relay, locked) => {
      const route = this.routes.get(relay);
      if (route === undefined) this.pending.set(relay, locked);
      else route.io.setRelay(route.port, locked === route.energisedWhenLocked);
    },
  };

  /**
   * The engine's auxiliary outputs (action rules): on is energised. Before the backends start an output waits
   * with the locks' commands, as "at rest" when off.
   */
  readonly outputs: OutputDriver = {
    setOutput: (controllerId, relay, on) => {
      const ref = portRef(controllerId, relay);
      const route = this.routes.get(ref);
      if (route === undefined) this.pending.set(ref, !on);
      else route.io.setRelay(route.port, on);
    },
  };

  /** Checks the bindings against the site; throws `DeviceConfigError` when they do not fit. */
  plan(site: Site, devices: DeviceConfig): void {
    const paths = devices.lines.map((l) => l.path);
    const plans = Either.getOrThrowWith(planIo(site.config, devices.io ?? [], paths), (e) => e);
    this.planned = { devices, plans };
  }

  /**
   * Builds and starts every planned backend; `osdp` runs the OSDP I/O modules (started after this, so that no
   * event of theirs is missed).
   */
  start(site: Site, osdp: OsdpModules): void {
    if (this.planned === undefined) throw new Error("SiteIo.start before plan");
    const { logger } = this.options;
    const { devices, plans } = this.planned;
    const bindings = devices.io ?? [];
    const paths = devices.lines.map((l) => l.path);
    this.inputs = doorInputs(site.config);
    const bound = new Set(plans.map((p) => p.controllerId));
    for (const door of site.config.doors)
      if (!bound.has(door.controllerId)) {
        logger.warn("no I/O backend: this door's locks are not driven and its inputs not read", {
          controllerId: door.controllerId,
          doorId: door.id,
        });
      }
    for (const plan of plans) this.backends.push(this.build(plan, osdp));
    this.pending.clear();
    this.markUnread(site);
    // Readers and wiring change at runtime: supervised loops read with the wiring as it is now.
    this.changes = site.events$.subscribe((event) => {
      // An import's undo replaces the whole site file (entity `site`), doors and controllers included.
      if (
        event.type !== "ConfigChanged" ||
        (event.entity !== "door" && event.entity !== "controller" && event.entity !== "site")
      )
        return;
      this.inputs = doorInputs(site.config);
      this.markUnread(site);
      const fits = planIo(site.config, bindings, paths);
      if (Either.isLeft(fits))
        logger.warn("I/O bindings no longer fit the changed site", {
          field: `devices.${fits.left.field}`,
          error: fits.left.message,
        });
    });
    for (const io of this.backends) io.start(this.eventsFor(site, io.controllerId));
  }

  /** A simulated controller's I/O (the demo drives its contacts). */
  simulated(controllerId: string): SimulatedIo | undefined {
    return this.simulation.get(controllerId);
  }

  /** Commands every lock locked (fail secure), then stops every backend. */
  async stop(site: Site): Promise<void> {
    this.changes?.unsubscribe();
    for (const door of site.config.doors) {
      if (door.type === "monitoring") continue;
      for (const lock of [door.primaryLock, door.secondaryLock])
        if (lock !== undefined) this.relays.setRelay(portRef(door.controllerId, lock), true);
    }
    await Promise.all(this.backends.splice(0).map((io) => io.stop()));
    this.routes.clear();
  }

  private build(plan: ControllerIoPlan, osdp: OsdpModules): DoorIo {
    const { controllerId } = plan;
    // Relays not commanded yet (no lock on them) start in their locked state: released for a fail-secure lock.
    const initial = new Map(
      plan.relays.map((r) => [
        r.port,
        (this.pending.get(portRef(controllerId, r.port)) ?? true) === r.energisedWhenLocked,
      ]),
    );
    let io: DoorIo;
    if (plan.backend.kind === "simulated") {
      // At rest: doors closed, buttons released; an input no door uses reads open.
      const contacts = new Map(
        plan.inputs.map((i) => {
          const use = this.inputs.get(portRef(controllerId, i.port));
          return [i.port, use !== undefined && contactClosed(false, use.activeWhen)];
        }),
      );
      const simulated = new SimulatedIo(controllerId, contacts, initial);
      this.simulation.set(controllerId, simulated);
      io = simulated;
    } else if (plan.backend.kind === "osdp") {
      const port = osdp.module(controllerId);
      // planOsdpLines puts every OSDP module on its line; a module without one is a planning fault, said so.
      if (port === undefined)
        throw new DeviceConfigError({
          field: "io",
          message: `no OSDP line runs the I/O module of controller "${controllerId}"`,
        });
      io = new OsdpIo({
        plan: plan as OsdpIoPlan,
        initial,
        port,
        clock: this.options.clock,
        logger: this.options.logger,
      });
    } else
      io = new ModbusIo({
        plan: plan as ModbusIoPlan,
        initial,
        clock: this.options.clock,
        logger: this.options.logger,
      });
    for (const r of plan.relays)
      this.routes.set(portRef(controllerId, r.port), {
        io,
        port: r.port,
        energisedWhenLocked: r.energisedWhenLocked,
      });
    return io;
  }

  /**
   * A Wiegand reader nothing reads is offline, so its door shows `reader-offline`: a reader that looked fine and
   * never read a card would leave people at the door with no fault anywhere.
   */
  private markUnread(site: Site): void {
    const wired = new Set(
      this.planned?.plans.filter((p) => p.backend.kind !== "simulated").map((p) => p.controllerId),
    );
    for (const use of unreadWiegandReaders(site.config, wired)) {
      if (!this.unread.has(use.readerId))
        this.options.logger.warn("Wiegand reader not read: this host has no Wiegand input (GPIO) backend", {
          ...use,
        });
      this.unread.add(use.readerId);
      site.push({ type: "reader", readerId: use.readerId, online: false });
    }
  }

  private eventsFor(site: Site, controllerId: string): DoorIoEvents {
    const { logger } = this.options;
    const refs = new Map<string, string>();
    const ref = (port: string) => {
      let id = refs.get(port);
      if (id === undefined) refs.set(port, (id = portRef(controllerId, port)));
      return id;
    };
    const push = (input: SiteInput) => {
      const result = site.push(input);
      // A bound port no door uses reads into nothing; anything else refused is a wiring fault worth a line.
      if (Either.isLeft(result) && result.left.code !== "UnknownInput")
        logger.warn("I/O reading refused", { controllerId, error: result.left.message });
    };
    return {
      online: (online) => push({ type: "controller", controllerId, online }),
      contact: (port, closed) =>
        push({ type: "circuit", inputId: ref(port), reading: closed ? "circuit-closed" : "circuit-open" }),
      loop: (port, ohms) => {
        const inputId = ref(port);
        const use = this.inputs.get(inputId);
        if (use === undefined || use.supervision.kind === "off") {
          logger.warn("loop reading on an input that is no longer supervised", { inputId, ohms });
          return;
        }
        push({ type: "circuit", inputId, reading: readSupervisedLoop(use.supervision, ohms) });
      },
    };
  }
}
