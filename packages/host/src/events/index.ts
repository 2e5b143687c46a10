/** Events of the host: its own journalled events beside the engine's. */
export * from "./HostEvent";
