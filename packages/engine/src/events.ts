/** The engine's event stream: a tagged union with `at`, a per-site `seq` and the ids of DESIGN §6. */
import { Schema } from "effect";

const base = { at: Schema.Number, seq: Schema.Number };
const door = { ...base, doorId: Schema.String };
const tagged = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) =>
  Schema.Struct({ type: Schema.Literal(type), ...fields });

/** Manual slot of a door (DESIGN §4). */
export const Slot = Schema.Literal("none", "unlock", "lock", "lockdown");
export type Slot = typeof Slot.Type;

/** ONVIF door mode as shown to operators. */
export const DoorMode = Schema.Literal("Locked", "Unlocked", "Accessed", "LockedDown");
export type DoorMode = typeof DoorMode.Type;

/** Door side: readers and REX sit on side A or B. */
export const Side = Schema.Literal("A", "B");
export type Side = typeof Side.Type;

/** Supervised-input fault as reported by `InputFault`; `restored` ends a fault. */
export const InputFaultKind = Schema.Literal("cut", "short", "restored");

/** Why a grant cycle started: a credential decision, an operator's Grant access, or a REX. */
export const GrantKind = Schema.Literal("credential", "manual", "rex");
export type GrantKind = typeof GrantKind.Type;

const reader = { ...base, readerId: Schema.String, doorId: Schema.String };
const point = { ...door, side: Side, readerId: Schema.optional(Schema.String) };

/** Every event the engine publishes. */
export const EngineEvent = Schema.Union(
  tagged("AccessGranted", {
    ...point,
    grantId: Schema.String,
    cardholderIds: Schema.Array(Schema.String),
    /** The credential presented at this reader. */
    credentialId: Schema.optional(Schema.String),
    /** A two-person grant: both cardholders' credentials, in the order of `cardholderIds`. */
    credentialIds: Schema.optional(Schema.Array(Schema.String)),
  }),
  tagged("AccessDenied", {
    ...point,
    reason: Schema.String,
    detail: Schema.optional(Schema.String),
    cardholderId: Schema.optional(Schema.String),
    credentialId: Schema.optional(Schema.String),
  }),
  tagged("Duress", { ...point, cardholderId: Schema.String, credentialId: Schema.String }),
  tagged("TwoPersonPending", { ...point, cardholderId: Schema.String }),
  tagged("TwoPersonTimeout", { ...door, side: Side, cardholderId: Schema.String }),
  tagged("AntiPassbackViolation", {
    ...point,
    zoneId: Schema.String,
    cardholderId: Schema.String,
    mode: Schema.Literal("soft", "hard"),
  }),
  tagged("ReaderOnline", reader),
  tagged("ReaderOffline", reader),
  tagged("Tamper", { ...reader, active: Schema.Boolean }),
  tagged("KeypadLockout", { ...reader, until: Schema.Number }),
  tagged("AccessTaken", {
    ...door,
    grantId: Schema.String,
    cardholderIds: Schema.Array(Schema.String),
    side: Schema.optional(Side),
    fromZone: Schema.optional(Schema.String),
    toZone: Schema.optional(Schema.String),
  }),
  tagged("AccessNotTaken", { ...door, grantId: Schema.String, cardholderIds: Schema.Array(Schema.String) }),
  tagged("DoorOpened", door),
  tagged("DoorClosed", door),
  tagged("DoorForcedOpen", door),
  tagged("DoorOpenTooLong", door),
  tagged("DoorAlarmCleared", door),
  tagged("DoorModeChanged", { ...door, mode: DoorMode, slot: Slot }),
  tagged("LockChanged", { ...door, lock: Schema.String, state: Schema.Literal("locked", "unlocked") }),
  tagged("RexActivated", { ...door, side: Side }),
  tagged("InputFault", { ...door, input: Schema.String, fault: InputFaultKind }),
  tagged("DoubleSwipeToggled", {
    ...door,
    override: Schema.Boolean,
    cardholderId: Schema.optional(Schema.String),
  }),
  tagged("ManualAction", {
    ...base,
    doorId: Schema.optional(Schema.String),
    zoneId: Schema.optional(Schema.String),
    action: Schema.String,
    by: Schema.String,
  }),
  /** Operators forgave anti-passback: one cardholder or everybody, in one zone or all. */
  tagged("AntiPassbackForgiven", {
    ...base,
    by: Schema.String,
    zoneId: Schema.optional(Schema.String),
    cardholderId: Schema.optional(Schema.String),
  }),
  tagged("ControllerOffline", { ...base, controllerId: Schema.String }),
  tagged("ControllerOnline", { ...base, controllerId: Schema.String }),
  tagged("ConfigChanged", {
    ...base,
    entity: Schema.String,
    id: Schema.String,
    change: Schema.String,
    by: Schema.String,
    /** The fields that changed, before and after (absent: no value); secrets read `"[redacted]"`. */
    fields: Schema.optional(
      Schema.Record({
        key: Schema.String,
        value: Schema.Struct({
          before: Schema.optional(Schema.Unknown),
          after: Schema.optional(Schema.Unknown),
        }),
      }),
    ),
  }),
  tagged("ActorRestarted", { ...base, actor: Schema.String, error: Schema.String }),
  /** An action rule fired on event `causeSeq`; its actions' own events follow. */
  tagged("ActionRuleTriggered", {
    ...base,
    ruleId: Schema.String,
    name: Schema.String,
    cause: Schema.String,
    causeSeq: Schema.Number,
    doorId: Schema.optional(Schema.String),
    zoneId: Schema.optional(Schema.String),
  }),
  /** Action `index` of a rule was refused (a door action on a door in lockdown, …). */
  tagged("ActionFailed", {
    ...base,
    ruleId: Schema.String,
    index: Schema.Number,
    code: Schema.String,
    message: Schema.String,
  }),
  /** An auxiliary relay driven by an action rule changed. */
  tagged("OutputChanged", {
    ...base,
    controllerId: Schema.String,
    relay: Schema.String,
    state: Schema.Literal("on", "off"),
    ruleId: Schema.String,
  }),
  /** An action rule raised an alarm for the operators (priority 1 lowest, 5 highest). */
  tagged("AlarmRaised", {
    ...base,
    ruleId: Schema.String,
    name: Schema.String,
    priority: Schema.Number,
    doorId: Schema.optional(Schema.String),
    zoneId: Schema.optional(Schema.String),
  }),
);
/** An event as published, with its `seq`. */
export type EngineEvent = typeof EngineEvent.Type;
/** An event before the site stamps its `seq`. */
export type EngineEventInput = EngineEvent extends infer E
  ? E extends unknown
    ? Omit<E, "seq">
    : never
  : never;
/** The event types, for filters. */
export type EngineEventType = EngineEvent["type"];
