/** Public API of the Portcullis engine. */
export * from "./EngineClock";
export * from "./TimerQueue";
export * from "./time";
export * from "./model/Schedule";
export * from "./model/Validity";
export * from "./events";
export * from "./errors";
export * from "./model/Controller";
export * from "./model/Door";
export * from "./model/Supervision";
export * from "./model/Site";
export * from "./model/Cardholder";
export * from "./model/Credential";
export * from "./model/Group";
export * from "./model/AccessRule";
export * from "./model/IdentificationProfile";
export * from "./model/Zone";
export * from "./model/Policy";
export * from "./decision";
export * from "./actors/manualSlot";
export type { DoorFacts, Grant, RelayDriver, UnlockSchedule } from "./actors/doorTypes";
export * from "./Site";
export * from "./AccessPath";
export {
  DEFAULT_KEYPAD,
  type FeedbackIntent,
  type KeypadSettings,
  type LastRead,
} from "./actors/readerMachine";
export * from "./configChange";
