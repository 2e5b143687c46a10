/**
 * What an alarm is (issue 13): a journalled event an operator must see and acknowledge, its priority,
 * and the condition that may clear it. Derived from journal events only, so the same journal always
 * gives the same alarms.
 */
import type { JournalEvent } from "../events";

/** What raised an alarm; reader errors are `ReaderOffline` and a failed Secure Channel. */
export type AlarmKind =
  | "duress"
  | "forcedOpen"
  | "tamper"
  | "antiPassback"
  | "openTooLong"
  | "readerError"
  | "inputFault"
  | "keypadLockout"
  /** Raised by an action rule (`AlarmRaised`). */
  | "actionRule";

/** 1 is the most urgent: duress before a forced door before a tamper, and so on. */
export const ALARM_PRIORITY: Readonly<Record<AlarmKind, number>> = {
  duress: 1,
  forcedOpen: 2,
  tamper: 2,
  antiPassback: 3,
  openTooLong: 3,
  readerError: 3,
  inputFault: 3,
  keypadLockout: 4,
  actionRule: 3,
};

/**
 * An action rule's alarm says its own priority, 1 (lowest) to 5 (highest): 5 and 4 rank with a forced door,
 * never above duress; 1 ranks below a keypad lockout.
 */
const actionRuleUrgency = (priority: number): number => Math.min(5, Math.max(2, 6 - priority));

/**
 * `active`: raised and not acknowledged; `cleared`: its condition ended (the door closed, the tamper
 * switch restored, …) but nobody acknowledged it yet; `acknowledged`: an operator did, with a note.
 */
export type AlarmState = "active" | "cleared" | "acknowledged";

/** An alarm as the host keeps it and clients receive it; `seq` is the raising event's and its id. */
export interface Alarm {
  readonly seq: number;
  readonly at: number;
  readonly kind: AlarmKind;
  /** The raising event's type (`Duress`, `DoorForcedOpen`, …). */
  readonly type: string;
  readonly priority: number;
  state: AlarmState;
  readonly doorId?: string;
  readonly readerId?: string;
  readonly zoneId?: string;
  readonly cardholderId?: string;
  readonly input?: string;
  /** An action rule's alarm: its name and rule. */
  readonly name?: string;
  readonly ruleId?: string;
  /** When its condition ended; absent while it lasts, and for alarms that are only an instant (duress). */
  clearedAt?: number;
  acknowledged?: { readonly at: number; readonly by: string; readonly note: string };
}

/** The condition an alarm lasts for, if it is more than an instant: events that end it name the same key. */
type Condition = string | undefined;

/** The alarm an event raises, with its condition, or `undefined`. */
export const raisedBy = (event: JournalEvent): { alarm: Alarm; condition: Condition } | undefined => {
  const base = { seq: event.seq, at: event.at, type: event.type, state: "active" as const };
  const make = (kind: AlarmKind, fields: Partial<Alarm>, condition: Condition) => ({
    alarm: { ...base, kind, priority: ALARM_PRIORITY[kind], ...fields },
    condition,
  });
  switch (event.type) {
    case "Duress":
      return make(
        "duress",
        { doorId: event.doorId, cardholderId: event.cardholderId, ...readerOf(event) },
        undefined,
      );
    case "DoorForcedOpen":
      return make("forcedOpen", { doorId: event.doorId }, `door:${event.doorId}`);
    case "DoorOpenTooLong":
      return make("openTooLong", { doorId: event.doorId }, `door:${event.doorId}`);
    case "AntiPassbackViolation":
      return make(
        "antiPassback",
        { doorId: event.doorId, zoneId: event.zoneId, cardholderId: event.cardholderId, ...readerOf(event) },
        undefined,
      );
    case "Tamper":
      return event.active
        ? make("tamper", { doorId: event.doorId, readerId: event.readerId }, `tamper:${event.readerId}`)
        : undefined;
    case "InputFault":
      return event.fault === "restored"
        ? undefined
        : make(
            "inputFault",
            { doorId: event.doorId, input: event.input },
            `input:${event.doorId}:${event.input}`,
          );
    case "ReaderOffline":
      return make(
        "readerError",
        { doorId: event.doorId, readerId: event.readerId },
        `reader:${event.readerId}`,
      );
    case "SecureChannel":
      return event.state === "active"
        ? undefined
        : make("readerError", { readerId: event.readerId }, `reader:${event.readerId}`);
    case "KeypadLockout":
      return make("keypadLockout", { doorId: event.doorId, readerId: event.readerId }, undefined);
    case "AlarmRaised":
      return {
        alarm: {
          ...base,
          kind: "actionRule",
          priority: actionRuleUrgency(event.priority),
          name: event.name,
          ruleId: event.ruleId,
          ...(event.doorId !== undefined && { doorId: event.doorId }),
          ...(event.zoneId !== undefined && { zoneId: event.zoneId }),
        },
        condition: undefined,
      };
    default:
      return undefined;
  }
};

const readerOf = (event: { readonly readerId?: string | undefined }) =>
  event.readerId === undefined ? {} : { readerId: event.readerId };

/** The condition an event ends, if any. */
export const conditionEnded = (event: JournalEvent): Condition => {
  switch (event.type) {
    case "DoorAlarmCleared":
      return `door:${event.doorId}`;
    case "Tamper":
      return event.active ? undefined : `tamper:${event.readerId}`;
    case "InputFault":
      return event.fault === "restored" ? `input:${event.doorId}:${event.input}` : undefined;
    case "ReaderOnline":
      return `reader:${event.readerId}`;
    case "SecureChannel":
      return event.state === "active" ? `reader:${event.readerId}` : undefined;
    default:
      return undefined;
  }
};

/** Journal types worth reading when catching up: those that raise, end or acknowledge an alarm. */
export const ALARM_RELATED_TYPES: ReadonlyArray<string> = [
  "Duress",
  "DoorForcedOpen",
  "DoorOpenTooLong",
  "DoorAlarmCleared",
  "AntiPassbackViolation",
  "Tamper",
  "InputFault",
  "ReaderOffline",
  "ReaderOnline",
  "SecureChannel",
  "KeypadLockout",
  "AlarmRaised",
  "AlarmAcknowledged",
];

/** Most urgent first, then newest first. */
export const byUrgency = (a: Alarm, b: Alarm): number => a.priority - b.priority || b.seq - a.seq;
