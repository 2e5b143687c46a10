/** Doors and monitoring doors as configured (seed "Add a door", "Door settings", DESIGN §3). */
import { Schema } from "effect";
import { ReaderPin } from "./Pin";
import { Supervision } from "./Supervision";

const Id = Schema.String.pipe(Schema.minLength(1));
const Seconds = Schema.Number.pipe(Schema.int(), Schema.between(0, 86_400));
const ActiveWhen = Schema.Literal("circuit-open", "circuit-closed");
const Debounce = Schema.optionalWith(Schema.Number.pipe(Schema.int(), Schema.between(0, 60_000)), {
  default: () => 0,
});
const supervision = Schema.optionalWith(Supervision, { default: () => ({ kind: "off" }) as const });

/** Door timing; seconds as the seed's settings, the relock delay in milliseconds. */
export const DoorTiming = Schema.Struct({
  accessTimeS: Schema.optionalWith(Seconds, { default: () => 7 }),
  openTooLongS: Schema.optionalWith(Seconds, { default: () => 15 }),
  longAccessTimeS: Schema.optionalWith(Seconds, { default: () => 20 }),
  longOpenTooLongS: Schema.optionalWith(Seconds, { default: () => 30 }),
  relockDelayMs: Schema.optionalWith(Schema.Number.pipe(Schema.int(), Schema.between(0, 600_000)), {
    default: () => 0,
  }),
  relock: Schema.optionalWith(Schema.Literal("after-opening", "after-closing"), {
    default: () => "after-opening" as const,
  }),
});
export type DoorTiming = typeof DoorTiming.Type;

/** A door position switch; `openWhen` is the seed's "Door open if". */
export const DoorMonitor = Schema.Struct({
  input: Id,
  openWhen: ActiveWhen,
  debounceMs: Debounce,
  supervision,
});
export type DoorMonitor = typeof DoorMonitor.Type;

/** A request-to-exit device on one side. */
export const Rex = Schema.Struct({
  input: Id,
  action: Schema.optionalWith(Schema.Literal("unlock", "none"), { default: () => "unlock" as const }),
  activeWhen: ActiveWhen,
  debounceMs: Debounce,
  supervision,
});
export type Rex = typeof Rex.Type;

/** A reader wired to a controller port (OSDP or Wiegand) or a license-plate camera (no port). */
export const Reader = Schema.Struct({
  id: Id,
  name: Schema.optional(Schema.String),
  type: Schema.Literal("osdp", "wiegand", "lpr"),
  port: Schema.optional(Id),
  /** A custom set of card formats by name (seed "Add a reader"); without it the site's active set applies. */
  cardFormats: Schema.optional(Schema.Array(Schema.String)),
  /** A custom PIN length and end-of-PIN key (seed "Add a reader" step 5); without it the site's apply. */
  pin: Schema.optional(ReaderPin),
  osdp: Schema.optional(
    Schema.Struct({
      address: Schema.Number.pipe(Schema.int(), Schema.between(0, 126)),
      secureChannel: Schema.optionalWith(Schema.Boolean, { default: () => true }),
    }),
  ),
  wiegand: Schema.optional(
    Schema.Struct({
      led: Schema.optionalWith(Schema.Literal("single-wire", "dual-wire"), {
        default: () => "single-wire" as const,
      }),
      tamperInput: Schema.optional(Id),
      tamperActiveWhen: Schema.optionalWith(ActiveWhen, { default: () => "circuit-open" as const }),
      tamperDebounceMs: Debounce,
      supervision,
    }),
  ),
});
export type Reader = typeof Reader.Type;

/** Everything on one side of a door. */
export const DoorSide = Schema.Struct({
  readers: Schema.optionalWith(Schema.Array(Reader), { default: () => [] }),
  rex: Schema.optional(Rex),
});
export type DoorSide = typeof DoorSide.Type;

const emptySide = (): DoorSide => ({ readers: [] });

/** A door with one or two locks. */
export const StandardDoor = Schema.Struct({
  id: Id,
  name: Schema.String,
  controllerId: Id,
  type: Schema.optionalWith(Schema.Literal("standard"), { default: () => "standard" as const }),
  primaryLock: Id,
  secondaryLock: Schema.optional(Id),
  timing: Schema.optionalWith(DoorTiming, { default: () => Schema.decodeSync(DoorTiming)({}) }),
  doorMonitor: Schema.optional(DoorMonitor),
  sides: Schema.optionalWith(Schema.Struct({ A: DoorSide, B: DoorSide }), {
    default: () => ({ A: emptySide(), B: emptySide() }),
  }),
  /** Id of the schedule during which the door stays unlocked. */
  unlockSchedule: Schema.optional(Id),
});
export type StandardDoor = typeof StandardDoor.Type;

/** A door position sensor on an I/O module: open/closed only, no lock, no reader, never in a zone. */
export const MonitoringDoor = Schema.Struct({
  id: Id,
  name: Schema.String,
  controllerId: Id,
  type: Schema.Literal("monitoring"),
  sensor: DoorMonitor,
});
export type MonitoringDoor = typeof MonitoringDoor.Type;

/** Any door of the site. */
export const Door = Schema.Union(StandardDoor, MonitoringDoor);
export type Door = typeof Door.Type;
