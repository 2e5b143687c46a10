/**
 * A controller's I/O on an OSDP I/O module, a PD on one of the site's RS-485 lines: relays are its outputs
 * (osdp_OUT, every change confirmed by OSTATR), contacts its inputs (ISTATR: asked once the relays are
 * confirmed, then reported by the PD as they change, in reply to its polls).
 */
import type { EngineClock, TimerId } from "@portcullis/engine";
import type { OutputRecord } from "@portcullis/protocols";
import type { OsdpModuleEvent, OsdpModulePort } from "../devices/OsdpModulePort";
import type { Logger } from "../runtime/logger";
import type { DoorIo, DoorIoEvents } from "./DoorIo";
import type { OsdpIoBackend } from "./IoConfig";
import type { ControllerIoPlan } from "./ioPlan";

/** An OSDP controller's plan: each relay's `coil` is its output number, each contact's `discreteInput` its input. */
export type OsdpIoPlan = ControllerIoPlan & { readonly backend: OsdpIoBackend };

/** What an OSDP backend runs on. */
export interface OsdpIoOptions {
  readonly plan: OsdpIoPlan;
  /** The wanted state of each relay port at start (energised or not); absent ports start released. */
  readonly initial: ReadonlyMap<string, boolean>;
  /** The module's PD on its line. */
  readonly port: OsdpModulePort;
  /** The retry timer runs on it. */
  readonly clock: EngineClock;
  readonly logger: Logger;
}

interface Relay {
  readonly port: string;
  readonly output: number;
  wanted: boolean;
  /** What the module reported last (OSTATR); undefined since it came online until it reports. */
  confirmed: boolean | undefined;
}

// OSDP 2.2 §6.7 output control codes: set the permanent state, cancelling any timed operation.
const OUTPUT_OFF = 1;
const OUTPUT_ON = 2;
/** At shutdown the locks' commands get this long to be confirmed before the line is let go. */
const STOP_CONFIRM_MS = 1_000;

/**
 * One OSDP I/O module. The module's link status is the controller's: offline (no valid reply for 8 s, or a
 * Secure Channel failure) is `online(false)`. When it comes online, every relay is commanded and confirmed by
 * OSTATR before its inputs are asked for; only then is it online. A relay command the module does not confirm
 * (an OSTATR still showing the old state, a NAK) is logged and sent again after `retryMs`, never taken as done.
 */
export class OsdpIo implements DoorIo {
  readonly controllerId: string;
  private readonly backend: OsdpIoBackend;
  private readonly relays: Relay[];
  private readonly relayByPort = new Map<string, Relay>();
  private readonly contacts = new Map<string, boolean>();
  private events: DoorIoEvents | undefined;
  private unsubscribe: (() => void) | undefined;
  /** The PD answers on its line. */
  private reachable = false;
  /** Every relay confirmed since the PD came online. */
  private asserted = false;
  /** Inputs read since the PD came online: the controller is online. */
  private online = false;
  /** OSTATs sent and not yet answered: an OSTATR answers every OUT sent before its OSTAT. */
  private statusAsked = 0;
  private retry: TimerId;
  private settled: (() => void) | undefined;

  constructor(private readonly options: OsdpIoOptions) {
    const { plan } = options;
    this.controllerId = plan.controllerId;
    this.backend = plan.backend;
    this.relays = plan.relays.map((r) => ({
      port: r.port,
      output: r.coil,
      wanted: options.initial.get(r.port) ?? false,
      confirmed: undefined,
    }));
    for (const r of this.relays) this.relayByPort.set(r.port, r);
  }

  start(events: DoorIoEvents): void {
    this.events = events;
    this.unsubscribe ??= this.options.port.subscribe((event) => this.onEvent(event));
  }

  setRelay(port: string, energised: boolean): void {
    const relay = this.relayByPort.get(port);
    if (relay === undefined || relay.wanted === energised) return;
    relay.wanted = energised;
    // On the swipe path: the OUT is queued ahead of the line's polls at once.
    if (this.reachable) this.command([relay]);
  }

  async stop(): Promise<void> {
    // The composition root has commanded every lock locked: give the module a moment to confirm it.
    if (this.reachable && this.unconfirmed().length > 0)
      await new Promise<void>((resolve) => {
        const timer = this.options.clock.setTimeout(() => resolve(), STOP_CONFIRM_MS);
        this.settled = () => {
          this.options.clock.clearTimeout(timer);
          resolve();
        };
      });
    this.settled = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.events = undefined;
    this.cancelRetry();
  }

  private onEvent(event: OsdpModuleEvent): void {
    switch (event.type) {
      case "ReaderOnline":
        return this.cameOnline();
      case "ReaderOffline":
      case "ReaderError":
        return this.lost(event.type === "ReaderOffline" ? "no reply" : "Secure Channel failed");
      case "OutputStatus":
        return this.outputStatus(event.outputs);
      case "InputStatus":
        return this.inputStatus(event.inputs);
      case "CommandRefused":
        this.options.logger.warn("OSDP I/O module refused a command; retrying", {
          ...this.fields(),
          command: event.command,
          nak: event.nak,
        });
        if (event.command === "OSTAT") this.statusAsked = Math.max(0, this.statusAsked - 1);
        return this.scheduleRetry();
      case "LocalStatus":
        if (event.tamper) this.options.logger.warn("OSDP I/O module tamper", this.fields());
        return;
    }
  }

  /** Fail secure: every relay as wanted (locks locked at start) and confirmed before any input is taken. */
  private cameOnline(): void {
    this.reachable = true;
    this.asserted = false;
    this.online = false;
    this.statusAsked = 0;
    this.contacts.clear();
    for (const relay of this.relays) relay.confirmed = undefined;
    this.cancelRetry();
    if (this.relays.length > 0) this.command(this.relays);
    else this.relaysConfirmed();
  }

  private lost(why: string): void {
    const wasReachable = this.reachable;
    this.reachable = false;
    this.asserted = false;
    this.online = false;
    this.cancelRetry();
    this.settled?.();
    const unconfirmed = this.unconfirmed().map((r) => r.port);
    if (wasReachable || unconfirmed.length > 0)
      this.options.logger.warn("OSDP I/O module offline", {
        ...this.fields(),
        error: why,
        ...(unconfirmed.length > 0 && { relaysNotDelivered: unconfirmed }),
      });
    this.events?.online(false);
  }

  private outputStatus(outputs: ReadonlyArray<number>): void {
    this.statusAsked = Math.max(0, this.statusAsked - 1);
    // An output the module does not have reads as never confirmed.
    for (const relay of this.relays) relay.confirmed = outputs[relay.output] === 1;
    const unconfirmed = this.unconfirmed();
    if (unconfirmed.length === 0) {
      this.cancelRetry();
      this.settled?.();
      if (!this.asserted) this.relaysConfirmed();
      return;
    }
    // A later OSTAT answers a later command; only the last one in flight tells a command was not carried out.
    if (this.statusAsked > 0) return;
    this.options.logger.warn("relay command not confirmed by the OSDP I/O module; retrying", {
      ...this.fields(),
      relays: unconfirmed.map((r) => ({ relay: r.port, output: r.output, energised: r.wanted })),
    });
    this.scheduleRetry();
  }

  private relaysConfirmed(): void {
    this.asserted = true;
    this.options.port.send({ kind: "ISTAT" });
  }

  private inputStatus(inputs: ReadonlyArray<number>): void {
    // Inputs before the relays are confirmed are not taken (fail secure); ISTAT asks again once they are.
    if (!this.asserted || this.events === undefined) return;
    if (!this.online) {
      this.online = true;
      this.options.logger.info("OSDP I/O module online", this.fields());
      this.events.online(true);
    }
    for (const input of this.options.plan.inputs) {
      if (input.kind !== "contact") continue;
      const closed = inputs[input.discreteInput] === 1;
      if (this.contacts.get(input.port) === closed) continue;
      this.contacts.set(input.port, closed);
      this.events.contact(input.port, closed);
    }
  }

  /** OUT for `relays`, then OSTAT to confirm it. */
  private command(relays: ReadonlyArray<Relay>): void {
    const records: OutputRecord[] = relays.map((r) => ({
      output: r.output,
      control: r.wanted ? OUTPUT_ON : OUTPUT_OFF,
      timer: 0,
    }));
    const { port } = this.options;
    if (!port.send({ kind: "OUT", records })) return;
    if (port.send({ kind: "OSTAT" })) this.statusAsked++;
  }

  /** Sends again whatever is not done yet: unconfirmed relays, or the inputs not read. */
  private resume(): void {
    if (!this.reachable) return;
    const unconfirmed = this.unconfirmed();
    if (unconfirmed.length > 0) this.command(unconfirmed);
    else if (!this.asserted) this.relaysConfirmed();
    else if (!this.online) this.options.port.send({ kind: "ISTAT" });
  }

  private scheduleRetry(): void {
    if (this.retry !== undefined || !this.reachable) return;
    this.retry = this.options.clock.setTimeout(() => {
      this.retry = undefined;
      this.resume();
    }, this.backend.retryMs);
  }

  private cancelRetry(): void {
    if (this.retry === undefined) return;
    this.options.clock.clearTimeout(this.retry);
    this.retry = undefined;
  }

  private unconfirmed(): Relay[] {
    return this.relays.filter((r) => r.confirmed !== r.wanted);
  }

  private fields() {
    return { controllerId: this.controllerId, module: `osdp ${this.backend.line} #${this.backend.address}` };
  }
}
