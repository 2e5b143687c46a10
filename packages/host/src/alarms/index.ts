export { type Alarm, type AlarmKind, type AlarmState, ALARM_PRIORITY } from "./Alarm";
export { AlarmError } from "./AlarmError";
export { type AlarmJournal, Alarms, type RecordAcknowledgement } from "./Alarms";
