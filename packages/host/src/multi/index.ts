/** Multi-server on NATS JetStream: pairing, replication of global entities, status. */
export * from "./ConfigurationKey";
export * from "./MultiError";
export * from "./MultiServer";
export * from "./MultiState";
export * from "./natsServerConfig";
export * from "./pairing";
export * from "./subjects";
export * from "./RemoteMonitor";
