/** One OSDP I/O module on a running line, as its door I/O backend (`io/OsdpIo.ts`) drives it. */
import type { Command, CpLineEvent } from "@portcullis/protocols";

/** A line event about the module: its link status, input and output status, refused commands, tamper. */
export type OsdpModuleEvent = Exclude<CpLineEvent, { readonly type: "ActorRestarted" }>;

/**
 * The module's PD on its line; it stays valid when the line's control panel is rebuilt (the site changed), the
 * module then comes online again from scratch.
 */
export interface OsdpModulePort {
  /** Queues a command ahead of the line's polls; false when the module is not online (nothing is queued). */
  readonly send: (command: Command) => boolean;
  /** Follows the module's events until the returned function is called. */
  readonly subscribe: (listener: (event: OsdpModuleEvent) => void) => () => void;
}

/** Where the I/O composition root finds each controller's OSDP module. */
export interface OsdpModules {
  /** The module of `controllerId`; undefined when no line runs one for it. */
  readonly module: (controllerId: string) => OsdpModulePort | undefined;
}
