/** What the device layer reports beside engine inputs: events to journal, a reader's device status. */
import type { ReaderLinkStatus, SecureChannelState } from "@portcullis/protocols";

/** A reader's Secure Channel outcome changed (DESIGN §6 `SecureChannel{state}`), to be journalled by the host. */
export interface SecureChannelDeviceEvent {
  readonly type: "SecureChannel";
  /** The reader, or `io:<controllerId>` for a controller's OSDP I/O module. */
  readonly readerId: string;
  readonly state: SecureChannelState;
  readonly at: number;
}

/** A reader's install mode began or ended (DESIGN §3: journalled), to be journalled by the host. */
export interface InstallModeDeviceEvent {
  readonly type: "InstallMode";
  /** The reader, or `io:<controllerId>` for a controller's OSDP I/O module. */
  readonly readerId: string;
  readonly active: boolean;
  readonly at: number;
}

/** A control panel machine of an OSDP line failed and was rebuilt, journalled as the engine's `ActorRestarted`. */
export interface ActorRestartedDeviceEvent {
  readonly type: "ActorRestarted";
  /** `osdp-pd:<readerId>` for a reader's machine, `osdp-line:<path>` for a line's transaction layer. */
  readonly actor: string;
  readonly error: string;
  readonly at: number;
}

/** The events the device layer reports for the host to journal. */
export type DeviceEvent = SecureChannelDeviceEvent | InstallModeDeviceEvent | ActorRestartedDeviceEvent;

/**
 * A reader's device status: the line's view, except that a reader running in plaintext while the site switch is on
 * reads `error` when online (DESIGN §3).
 */
export type ReaderDeviceStatus = ReaderLinkStatus;
