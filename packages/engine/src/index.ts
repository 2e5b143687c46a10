/** Public API of the Portcullis engine. */
export * from "./EngineClock";
