/** Devices of the host: serial OSDP lines, the OSDP device layer, Wiegand readers and door I/O as input sources. */
export * from "./SerialError";
export * from "./SerialLine";
export * from "./DeviceConfig";
export * from "./DeviceCommandError";
export * from "./osdpLinePlan";
export * from "./InputSource";
export * from "./lineEventInput";
export * from "./deviceEvents";
export * from "./OsdpDevices";
export * from "./WiegandSource";
export * from "./SimulatedDoorIo";
