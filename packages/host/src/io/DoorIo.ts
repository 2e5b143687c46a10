/**
 * The port every door I/O backend implements — Modbus, the simulation, later OSDP I/O modules and Linux GPIO:
 * one controller's relays driven, its inputs read as electrical facts, and whether its hardware is reachable.
 */

/** What a backend reports; the composition root turns it into site inputs. */
export interface DoorIoEvents {
  /**
   * The backend reached its hardware with every relay asserted (true), or lost it (false): a relay command
   * that could not be delivered, a timeout, a closed connection. Repeats are allowed and ignored.
   */
  online(online: boolean): void;
  /** A contact input changed (or is read for the first time since the backend came online). */
  contact(port: string, closed: boolean): void;
  /** A supervised loop's measured resistance changed (or is read for the first time). */
  loop(port: string, ohms: number): void;
}

/**
 * One controller's I/O. `setRelay` is called on the swipe path: it records the wanted state and returns at once;
 * the backend delivers it as soon as it can, re-asserts every relay whenever it comes back, and never reports
 * online before they are all delivered. At start every relay is driven to its initial state (locks locked)
 * before any input is read.
 */
export interface DoorIo {
  readonly controllerId: string;
  start(events: DoorIoEvents): void;
  /** Energises (true) or releases (false) the relay on `port`. */
  setRelay(port: string, energised: boolean): void;
  /**
   * Delivers the relay commands given so far if the hardware is there (the composition root commands every lock
   * locked first: fail secure), stops reading and lets go of the hardware.
   */
  stop(): Promise<void>;
}
