/** What a door actor is built from, what it accepts, and what it drives. */
import type { DoorTiming } from "../model/Door";
import type { InputState } from "../model/Supervision";
import type { EngineEventInput, GrantKind, Side, Slot } from "../events";
import type { ManualCommand } from "./manualSlot";

/** The part of a compiled schedule a door needs for its unlock schedule. */
export interface UnlockSchedule {
  isActive(at: number): boolean;
  /** Next instant after `at` where `isActive` changes; undefined if none is known. */
  nextTransition(at: number): number | undefined;
}

/** A debounced input of a door: its monitor or a REX. */
export type DoorInputRole = "monitor" | "rex:A" | "rex:B";

/** Wiring of one door input as the actor needs it. */
export interface DoorInputWiring {
  /** Site-wide port id, used in `InputFault`. */
  readonly ref: string;
  readonly debounceMs: number;
  readonly supervised: boolean;
}

/** REX wiring with its action. */
export interface RexWiring extends DoorInputWiring {
  readonly action: "unlock" | "none";
}

/** A door's behaviour-relevant configuration, resolved from the site model. */
export interface DoorSettings {
  readonly accessMs: number;
  readonly longAccessMs: number;
  readonly openTooLongMs: number;
  readonly longOpenTooLongMs: number;
  readonly relockDelayMs: number;
  readonly relock: DoorTiming["relock"];
  readonly monitor: DoorInputWiring | undefined;
  readonly rex: { readonly A?: RexWiring; readonly B?: RexWiring };
  /** Site-wide ids of the lock relays, primary first. */
  readonly locks: ReadonlyArray<string>;
  readonly unlockSchedule: UnlockSchedule | undefined;
}

/** Drives lock relays synchronously (DESIGN §4: never through the journal). */
export interface RelayDriver {
  setRelay(relay: string, locked: boolean): void;
}

/** Domain facts a door is rebuilt from after a restart (DESIGN §2). */
export interface DoorFacts {
  readonly slot: Slot;
  readonly override: boolean;
}

/** Input of a door actor. */
export interface DoorInput {
  readonly id: string;
  readonly settings: DoorSettings;
  readonly at: number;
  readonly facts?: DoorFacts;
  readonly publish: (event: EngineEventInput) => void;
  /** Told when the door's snapshot changed without an event: its first position reading. */
  readonly seen?: (doorId: string) => void;
  readonly relays: RelayDriver;
}

/** A grant handed to a door by the decision, an operator or a REX. */
export interface Grant {
  readonly grantId: string;
  readonly kind: GrantKind;
  readonly cardholderIds: ReadonlyArray<string>;
  readonly side?: Side;
  /** Long access time and long open-too-long apply. */
  readonly long: boolean;
  /** Granted despite lockdown (cardholder exempt from lockdown). */
  readonly exempt: boolean;
  /** Overrides the door's access time (manual Grant access: 7 s). */
  readonly accessMs?: number;
}

/** Timer events: `at` is the deadline they were armed for. */
export type DoorTimerEvent =
  | { readonly type: "ACCESS_END"; readonly at: number }
  | { readonly type: "RELOCK_DUE"; readonly at: number }
  | { readonly type: "OPEN_TOO_LONG"; readonly at: number }
  | { readonly type: "REX_WINDOW_END"; readonly at: number }
  | { readonly type: "SCHEDULE_TRANSITION"; readonly at: number }
  | { readonly type: "TWO_PERSON_TIMEOUT"; readonly at: number; readonly side: Side }
  | {
      readonly type: "DEBOUNCED";
      readonly at: number;
      readonly role: DoorInputRole;
      readonly state: InputState;
    };

/** Everything a door actor accepts; every event carries `at`. */
export type DoorEvent =
  | { readonly type: "GRANT"; readonly at: number; readonly grant: Grant }
  | { readonly type: "POSITION"; readonly at: number; readonly open: boolean }
  | { readonly type: "INPUT"; readonly at: number; readonly role: DoorInputRole; readonly state: InputState }
  | { readonly type: "REX"; readonly at: number; readonly side: Side }
  | {
      readonly type: "MANUAL";
      readonly at: number;
      readonly command: ManualCommand;
      readonly grantId: string;
    }
  | { readonly type: "DOUBLE_SWIPE"; readonly at: number; readonly cardholderId: string }
  /** A first two-person swipe: the side waits for a second cardholder until the timeout. */
  | {
      readonly type: "TWO_PERSON_WAIT";
      readonly at: number;
      readonly side: Side;
      readonly cardholderId: string;
      readonly credentialId: string;
      readonly timeoutMs: number;
    }
  | { readonly type: "CONTROLLER"; readonly at: number; readonly online: boolean }
  | { readonly type: "RECONFIGURE"; readonly at: number; readonly settings: DoorSettings }
  | DoorTimerEvent;

/** Names of the door's timers; one of each at most. */
export type DoorTimerId =
  | "access"
  | "relock"
  | "openTooLong"
  | "rexWindow"
  | "schedule"
  | `twoPerson:${Side}`
  | `debounce:${DoorInputRole}`;
