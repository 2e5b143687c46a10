/** Simulated controller I/O for the demo and tests: relays that remember their state, contacts set by hand. */
import type { ActiveWhen } from "@portcullis/engine";
import type { DoorIo, DoorIoEvents } from "./DoorIo";

/** Whether a contact is closed when its input is active (door open, button pressed) or not, given its polarity. */
export const contactClosed = (active: boolean, activeWhen: ActiveWhen): boolean =>
  active === (activeWhen === "circuit-closed");

/**
 * One simulated controller. Its contacts start as given (the composition root sets doors closed and buttons
 * released) and are reported when it starts; it is online from the start and stays so.
 */
export class SimulatedIo implements DoorIo {
  private readonly relays = new Map<string, boolean>();
  private readonly contacts: Map<string, boolean>;
  private events: DoorIoEvents | undefined;

  constructor(
    readonly controllerId: string,
    contacts: ReadonlyMap<string, boolean>,
    relays: ReadonlyMap<string, boolean>,
  ) {
    this.contacts = new Map(contacts);
    for (const [port, energised] of relays) this.relays.set(port, energised);
  }

  start(events: DoorIoEvents): void {
    this.events = events;
    events.online(true);
    for (const [port, closed] of this.contacts) events.contact(port, closed);
  }

  setRelay(port: string, energised: boolean): void {
    this.relays.set(port, energised);
  }

  async stop(): Promise<void> {
    this.events = undefined;
  }

  /** Whether the relay on `port` is energised (undefined: never driven). */
  relay(port: string): boolean | undefined {
    return this.relays.get(port);
  }

  /** A contact closes or opens: a raw edge, reported at once (the engine debounces it). */
  setContact(port: string, closed: boolean): void {
    if (this.contacts.get(port) === closed) return;
    this.contacts.set(port, closed);
    this.events?.contact(port, closed);
  }
}
