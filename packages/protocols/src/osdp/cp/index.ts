/** The OSDP control panel: per-PD machines, the line's transaction layer and scheduler, reader events and feedback. */
export * from "./CpLine";
export * from "./events";
export * from "./feedback";
export * from "./pdMachine";
export * from "./scheduler";
export * from "./timing";
export * from "./transaction";
export * from "./transport";
