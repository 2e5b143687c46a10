/** Door I/O backends: the port they implement, their configuration and plan, Modbus, OSDP and the simulation. */
export * from "./DoorIo";
export * from "./IoConfig";
export * from "./ioPlan";
export * from "./ModbusIo";
export * from "./OsdpIo";
export * from "./SimulatedIo";
