/** External peripherals: the authentication key and the plate endpoint of license plate cameras. */
export * from "./PeripheralKey";
export * from "./plateEndpoint";
