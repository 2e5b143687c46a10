// Events in words and names ("Alva Ek granted at Main entrance, side A"), for the live list, the
// history and the alarms.

const list = (n, ids) => (ids ?? []).map((id) => n.person(id)).join(" and ") || "Someone";

const at = (n, e) => `${n.door(e.doorId)}${e.side ? `, side ${e.side}` : ""}`;

const REASONS = {
  NotPermittedAtThisTime: "not permitted at this time",
  Other: "refused",
  CredentialNotFound: "unknown credential",
  InvalidFacilityCode: "wrong facility code",
  CredentialNotEnabled: "credential not enabled",
  CredentialNotActive: "credential not active yet",
  CredentialExpired: "credential expired",
  Unauthorized: "no access here",
  InvalidPIN: "wrong PIN",
  Lockdown: "door in lockdown",
  AntiPassbackViolation: "anti-passback",
};
const DETAILS = {
  IdentificationTypeNotAllowed: "this identification is not allowed here",
  PinTimeout: "no PIN in time",
};

const SENTENCES = {
  AccessGranted: (n, e) => `${list(n, e.cardholderIds)} granted at ${at(n, e)}`,
  AccessDenied: (n, e) =>
    `${e.cardholderId ? `${n.person(e.cardholderId)} denied` : "Denied"} at ${at(n, e)}: ${REASONS[e.reason] ?? e.reason}${
      e.detail ? ` (${DETAILS[e.detail] ?? e.detail})` : ""
    }`,
  AccessTaken: (n, e) =>
    `${list(n, e.cardholderIds)} passed ${n.door(e.doorId)}${e.toZone ? ` into ${n.zone(e.toZone)}` : ""}`,
  AccessNotTaken: (n, e) => `${list(n, e.cardholderIds)} did not pass ${n.door(e.doorId)}`,
  Duress: (n, e) => `DURESS: ${n.person(e.cardholderId)} at ${at(n, e)}`,
  TwoPersonPending: (n, e) => `${n.person(e.cardholderId)} waits for a second person at ${at(n, e)}`,
  TwoPersonTimeout: (n, e) => `No second person came for ${n.person(e.cardholderId)} at ${at(n, e)}`,
  AntiPassbackViolation: (n, e) =>
    `${n.person(e.cardholderId)} broke ${e.mode} anti-passback of ${n.zone(e.zoneId)} at ${at(n, e)}`,
  AntiPassbackForgiven: (n, e) =>
    `${e.by} forgave anti-passback for ${e.cardholderId ? n.person(e.cardholderId) : "everybody"}${
      e.zoneId ? ` in ${n.zone(e.zoneId)}` : ""
    }`,
  DoubleSwipeToggled: (n, e) =>
    `${e.cardholderId ? n.person(e.cardholderId) : "Someone"} ${e.override ? "held" : "released"} ${n.door(
      e.doorId,
    )} with a double swipe`,
  DoorOpened: (n, e) => `${n.door(e.doorId)} opened`,
  DoorClosed: (n, e) => `${n.door(e.doorId)} closed`,
  DoorForcedOpen: (n, e) => `${n.door(e.doorId)} forced open`,
  DoorOpenTooLong: (n, e) => `${n.door(e.doorId)} held open too long`,
  DoorAlarmCleared: (n, e) => `${n.door(e.doorId)} alarm cleared`,
  DoorModeChanged: (n, e) =>
    `${n.door(e.doorId)} is ${e.mode}${e.slot !== "none" ? ` (manual ${e.slot})` : ""}`,
  LockChanged: (n, e) => `${n.door(e.doorId)} lock ${e.lock} ${e.state}`,
  RexActivated: (n, e) => `Exit request at ${at(n, e)}`,
  InputFault: (n, e) =>
    e.fault === "restored"
      ? `${n.door(e.doorId)} input ${e.input} restored`
      : `${n.door(e.doorId)} input ${e.input} ${e.fault === "cut" ? "cut" : "shorted"}`,
  ReaderOnline: (n, e) => `Reader at ${n.reader(e.readerId)} online`,
  ReaderOffline: (n, e) => `Reader at ${n.reader(e.readerId)} offline`,
  Tamper: (n, e) => `Reader at ${n.reader(e.readerId)} ${e.active ? "tampered with" : "tamper restored"}`,
  KeypadLockout: (n, e) => `Keypad at ${n.reader(e.readerId)} locked out until ${n.time(e.until)}`,
  SecureChannel: (n, e) => `Reader at ${n.reader(e.readerId)}: secure channel ${e.state}`,
  InstallMode: (n, e) => `Reader at ${n.reader(e.readerId)} ${e.active ? "in" : "out of"} install mode`,
  ManualAction: (n, e) =>
    `${e.by}: ${e.action} ${e.doorId ? n.door(e.doorId) : e.zoneId ? `zone ${n.zone(e.zoneId)}` : ""}`.trim(),
  ControllerOffline: (n, e) => `${n.controller(e.controllerId)} offline`,
  ControllerOnline: (n, e) => `${n.controller(e.controllerId)} online`,
  ConfigChanged: (n, e) => `${e.by} ${e.change} ${e.entity} ${e.id}`,
  AlarmAcknowledged: (n, e) => {
    const alarm = n.alarm(e.alarmSeq);
    return `${e.by} acknowledged ${alarm ? `"${alarmTitle(n, alarm)}"` : `alarm #${e.alarmSeq}`}${e.note ? `: ${e.note}` : ""}`;
  },
  BackupDone: (n, e) => `Backup ${e.file} written (by ${e.by})`,
  RestoreDone: (n, e) => `Restored from ${e.file}`,
  ActorRestarted: (n, e) => `${e.actor} restarted after an error`,
  ActionRuleTriggered: (n, e) => `Action rule "${e.name}" triggered by ${e.cause}`,
  ActionFailed: (n, e) => `Action ${e.index + 1} of rule ${e.ruleId} refused: ${e.message}`,
  OutputChanged: (n, e) => `${n.controller(e.controllerId)} output ${e.relay} ${e.state}`,
  AlarmRaised: (n, e) => `Alarm: ${e.name}${e.doorId ? ` at ${n.door(e.doorId)}` : ""}`,
  PeripheralKeyRotated: (n, e) => `External peripheral key replaced (by ${e.by})`,
  ConsoleGap: () => "Events were missed while disconnected: they are older than the journal keeps",
};

const ALARM_TITLES = {
  duress: (n, a) => `Duress: ${n.person(a.cardholderId)} at ${n.door(a.doorId)}`,
  forcedOpen: (n, a) => `${n.door(a.doorId)} forced open`,
  openTooLong: (n, a) => `${n.door(a.doorId)} held open too long`,
  antiPassback: (n, a) =>
    `${n.person(a.cardholderId)} broke anti-passback of ${n.zone(a.zoneId)} at ${n.door(a.doorId)}`,
  tamper: (n, a) => `Tamper at ${n.reader(a.readerId)}`,
  inputFault: (n, a) => `Input ${a.input} fault at ${n.door(a.doorId)}`,
  readerError: (n, a) => `Reader at ${n.reader(a.readerId)} in error`,
  keypadLockout: (n, a) => `Keypad locked out at ${n.reader(a.readerId)}`,
  actionRule: (n, a) => (a.doorId ? `${a.name} at ${n.door(a.doorId)}` : a.name),
};

/** What an alarm is about, in words. */
export const alarmTitle = (n, a) => (ALARM_TITLES[a.kind] ?? ((_, x) => x.type))(n, a);

/** One sentence for an event; unknown types are named, never dropped. */
export const sentence = (n, e) => (SENTENCES[e.type] ?? ((_, x) => x.type))(n, e);

/**
 * What a passage (passages.js) came to, in one sentence: who passed where, who was let in but did
 * not pass, or, while it lasts, its opening event's own sentence.
 */
export const passageSentence = (n, events) => {
  const [first] = events;
  const taken = events.find((e) => e.type === "AccessTaken");
  const exit = first.type === "RexActivated" ? " (exit request)" : "";
  if (taken)
    return `${list(n, taken.cardholderIds)} passed ${at(n, taken)}${taken.toZone ? ` into ${n.zone(taken.toZone)}` : ""}${exit}`;
  if (events.some((e) => e.type === "AccessNotTaken")) return `${sentence(n, first)}, did not pass`;
  return sentence(n, first);
};

/** Event categories a guard filters by. */
export const CATEGORIES = {
  access: "Access",
  alarms: "Alarms",
  doors: "Doors and locks",
  devices: "Readers and controllers",
  operators: "Operators and configuration",
};

const ALARMS = new Set([
  "Duress",
  "DoorForcedOpen",
  "DoorOpenTooLong",
  "DoorAlarmCleared",
  "AntiPassbackViolation",
  "Tamper",
  "InputFault",
  "KeypadLockout",
  "AlarmAcknowledged",
]);

export const categoryOf = (type) =>
  ALARMS.has(type)
    ? "alarms"
    : type.startsWith("Access") || type.startsWith("TwoPerson") || type === "DoubleSwipeToggled"
      ? "access"
      : type.startsWith("Door") || type === "LockChanged" || type === "RexActivated"
        ? "doors"
        : type.startsWith("Reader") ||
            type.startsWith("Controller") ||
            type === "SecureChannel" ||
            type === "InstallMode"
          ? "devices"
          : "operators";

/** The event types of each category, for history queries. */
export const TYPES_OF = {
  access: [
    "AccessGranted",
    "AccessDenied",
    "AccessTaken",
    "AccessNotTaken",
    "TwoPersonPending",
    "TwoPersonTimeout",
    "DoubleSwipeToggled",
  ],
  alarms: [...ALARMS],
  doors: ["DoorOpened", "DoorClosed", "DoorModeChanged", "LockChanged", "RexActivated"],
  devices: [
    "ReaderOnline",
    "ReaderOffline",
    "SecureChannel",
    "InstallMode",
    "ControllerOffline",
    "ControllerOnline",
  ],
  operators: [
    "ManualAction",
    "AntiPassbackForgiven",
    "ConfigChanged",
    "BackupDone",
    "RestoreDone",
    "ActorRestarted",
  ],
};

/** The cardholders an event names. */
export const peopleOf = (e) => [...(e.cardholderIds ?? []), ...(e.cardholderId ? [e.cardholderId] : [])];
