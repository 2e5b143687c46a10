/** Devices of the host: serial OSDP lines and the OSDP device layer (door I/O backends are in `../io`). */
export * from "./SerialError";
export * from "./SerialLine";
export * from "./DeviceConfig";
export * from "./DeviceCommandError";
export * from "./osdpLinePlan";
export * from "./InputSource";
export * from "./lineEventInput";
export * from "./deviceEvents";
export * from "./OsdpDevices";
export * from "./OsdpModulePort";
