/** Public API of the Portcullis testkit: virtual time and simulated devices. */
export * from "./VirtualClock";
export * from "./WiegandLine";
export * from "./simulateSite";
export * from "./referenceSite";
