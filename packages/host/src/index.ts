/** Public API of the Portcullis host. */
export * from "./store";
export * from "./events";
export * from "./feed";
