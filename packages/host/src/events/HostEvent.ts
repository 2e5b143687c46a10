/** The host's own journalled events (DESIGN §6 "and the host's own"), sequenced with the engine's. */
import { EngineEvent } from "@portcullis/engine";
import { Schema } from "effect";

/** An operator acknowledged the alarm event journalled at `alarmSeq`. */
export const AlarmAcknowledged = Schema.Struct({
  type: Schema.Literal("AlarmAcknowledged"),
  at: Schema.Number,
  seq: Schema.Number,
  alarmSeq: Schema.Number,
  by: Schema.String,
  /** What the operator wrote when acknowledging (issue 13); absent from older journals. */
  note: Schema.optionalWith(Schema.String, { exact: true }),
});

/** A reader's Secure Channel outcome (DESIGN §3, §6): `unsupported` and `failed` put the reader in error. */
export const SecureChannel = Schema.Struct({
  type: Schema.Literal("SecureChannel"),
  at: Schema.Number,
  seq: Schema.Number,
  readerId: Schema.String,
  state: Schema.Literal("unsupported", "failed", "active"),
});

/** A reader entered or left install mode (DESIGN §3: time-limited, journalled). */
export const InstallMode = Schema.Struct({
  type: Schema.Literal("InstallMode"),
  at: Schema.Number,
  seq: Schema.Number,
  readerId: Schema.String,
  active: Schema.Boolean,
});

/** A backup of the database was written to `DATA/backups/` (seed "Backup and restore"). */
export const BackupDone = Schema.Struct({
  type: Schema.Literal("BackupDone"),
  at: Schema.Number,
  seq: Schema.Number,
  /** The backup's file name. */
  file: Schema.String,
  bytes: Schema.Number,
  /** The last journalled `seq` the backup holds. */
  journalSeq: Schema.Number,
  /** Who asked: a token's user, `schedule` or `cli`. */
  by: Schema.String,
});

/** The database was replaced by a backup (journalled in the restored database, after its own events). */
export const RestoreDone = Schema.Struct({
  type: Schema.Literal("RestoreDone"),
  at: Schema.Number,
  seq: Schema.Number,
  /** The restored file's name. */
  file: Schema.String,
  /** Where the replaced database was set aside, if there was one. */
  replaced: Schema.optionalWith(Schema.String, { exact: true }),
});

/** An admin replaced the external peripheral authentication key: cameras need the new one. */
export const PeripheralKeyRotated = Schema.Struct({
  type: Schema.Literal("PeripheralKeyRotated"),
  at: Schema.Number,
  seq: Schema.Number,
  by: Schema.String,
});

/** Every event the host itself journals. */
export const HostEvent = Schema.Union(
  AlarmAcknowledged,
  SecureChannel,
  InstallMode,
  BackupDone,
  RestoreDone,
  PeripheralKeyRotated,
);
/** A host event as journalled, with its `seq`. */
export type HostEvent = typeof HostEvent.Type;
/** A host event before it is given the journal's next `seq`. */
export type HostEventInput = HostEvent extends infer E ? (E extends unknown ? Omit<E, "seq"> : never) : never;

/** What the host journals in the site's `seq` order: its own events, and device machines' `ActorRestarted`. */
export type RecordedEventInput =
  HostEventInput | Omit<Extract<EngineEvent, { type: "ActorRestarted" }>, "seq">;

/** Everything the journal holds: the engine's events and the host's, in one `seq` order. */
export const JournalEvent = Schema.Union(EngineEvent, HostEvent);
/** A journalled event of either origin. */
export type JournalEvent = typeof JournalEvent.Type;

/** Event types operators acknowledge as alarms (DESIGN §4 alarms, §5 alarms, tamper and faults). */
export const ALARM_EVENT_TYPES: ReadonlySet<string> = new Set([
  "DoorForcedOpen",
  "DoorOpenTooLong",
  "Duress",
  "AntiPassbackViolation",
  "Tamper",
  "InputFault",
  "KeypadLockout",
  "AlarmRaised",
]);
