/** Public API of the Portcullis engine. */
export * from "./EngineClock";
export * from "./time";
export * from "./model/Schedule";
export * from "./model/Validity";
export * from "./events";
export * from "./errors";
export * from "./model/Controller";
export * from "./model/Door";
export * from "./model/Supervision";
export * from "./model/Site";
export * from "./actors/manualSlot";
export type { DoorFacts, Grant, RelayDriver, UnlockSchedule } from "./actors/doorTypes";
export * from "./Site";
