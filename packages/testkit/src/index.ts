/** Public API of the Portcullis testkit: virtual time and simulated devices. */
export * from "./VirtualClock";
export * from "./WiegandLine";
export * from "./simulateSite";
export * from "./referenceSite";
export * from "./pinHasher";
export * from "./PdIndicators";
export * from "./Rs485Bus";
export * from "./SimulatedPd";
export * from "./SiteFile";
export * from "./weeklyVevent";
export * from "./seededRandom";
export * from "./trace";
export * from "./partialMatch";
export * from "./scenario";
export * from "./arbitraries";
