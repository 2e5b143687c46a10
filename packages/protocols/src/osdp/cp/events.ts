/** What a CP line reports about its readers: status, Secure Channel, card reads, keys and PD status (DESIGN §6). */
import type { Capability, PdId } from "../messages";

/** Secure Channel outcome of a reader (DESIGN §6 `SecureChannel{state}`). */
export type SecureChannelState = "unsupported" | "failed" | "active";

/** A reader's status as the line sees it; `connecting` until the first bring-up ends. */
export type ReaderLinkStatus = "connecting" | "online" | "offline" | "error";

interface Base {
  /** The configured reader id (not the OSDP address). */
  readonly readerId: string;
  /** Ingress time, ms on the line's clock (DESIGN §2). */
  readonly at: number;
}

/** The reader answered ID and CAP (and finished the Secure Channel handshake when configured). */
export interface ReaderOnline extends Base {
  readonly type: "ReaderOnline";
  readonly secureChannel: boolean;
}

/** No valid reply for `OFFLINE_AFTER_MS`. */
export interface ReaderOffline extends Base {
  readonly type: "ReaderOffline";
}

/** The reader answers but cannot be used: Secure Channel is configured and unsupported or failed (DESIGN §3). */
export interface ReaderError extends Base {
  readonly type: "ReaderError";
  readonly secureChannel: "unsupported" | "failed";
}

/** Secure Channel state changes: `active` when a reader goes online under its own key. */
export interface SecureChannelEvent extends Base {
  readonly type: "SecureChannel";
  readonly state: SecureChannelState;
}

/** Install mode (SCBK-D allowed for this reader) began or ended. */
export interface InstallModeEvent extends Base {
  readonly type: "InstallMode";
  readonly active: boolean;
}

/** The PD's identity (null if it skipped PDID) and capabilities, learned during bring-up. */
export interface PdIdentified extends Base {
  readonly type: "PdIdentified";
  readonly id: PdId | null;
  readonly capabilities: ReadonlyArray<Capability>;
}

/** osdp_RAW from an online reader: the card bits in transmission order and the PD's format code (0 raw, 1 Wiegand). */
export interface CardRead extends Base {
  readonly type: "CardRead";
  readonly reader: number;
  readonly format: number;
  readonly bits: string;
}

/** osdp_KEYPAD from an online reader, keys normalised ('#', '*', digits). */
export interface KeypadKeys extends Base {
  readonly type: "Keypad";
  readonly reader: number;
  readonly keys: string;
}

/** osdp_LSTATR: tamper switch and power supply. */
export interface LocalStatusEvent extends Base {
  readonly type: "LocalStatus";
  readonly tamper: boolean;
  readonly powerFailure: boolean;
}

/** osdp_ISTATR: input states. */
export interface InputStatusEvent extends Base {
  readonly type: "InputStatus";
  readonly inputs: ReadonlyArray<number>;
}

/** osdp_OSTATR: output states. */
export interface OutputStatusEvent extends Base {
  readonly type: "OutputStatus";
  readonly outputs: ReadonlyArray<number>;
}

/** A queued command (LED, BUZ, …) the PD answered with NAK; `nak` is the `NakCode`. */
export interface CommandRefused extends Base {
  readonly type: "CommandRefused";
  readonly command: string;
  readonly nak: number;
}

/**
 * A control panel machine failed and was rebuilt (DESIGN §2): a reader's PD machine, which then brings its
 * reader up again from ID, or the line's transaction layer (no `readerId`), which then serves the line again.
 */
export interface CpActorRestarted {
  readonly type: "ActorRestarted";
  readonly at: number;
  readonly actor: "pd" | "transaction";
  readonly readerId?: string;
  /** The error, as text. */
  readonly error: string;
}

/** Every event a CP line emits. */
export type CpLineEvent =
  | ReaderOnline
  | ReaderOffline
  | ReaderError
  | SecureChannelEvent
  | InstallModeEvent
  | PdIdentified
  | CardRead
  | KeypadKeys
  | LocalStatusEvent
  | InputStatusEvent
  | OutputStatusEvent
  | CommandRefused
  | CpActorRestarted;
