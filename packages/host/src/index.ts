/** Public API of the Portcullis host. */
export * from "./store";
export * from "./events";
export * from "./feed";
export * from "./devices";
export * from "./history";
export * from "./reports";
export * from "./mustering";
export * from "./alarms";
export * from "./io";
export * from "./runtime/ConfigWriter";
export * from "./runtime/Host";
export * from "./runtime/RunningSite";
export * from "./runtime/SiteIo";
export * from "./runtime/logger";
export * from "./transfer";
export * from "./photos";
