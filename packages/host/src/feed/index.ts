/** The WebSocket + HTTP feed (DESIGN §8): the protocol, its commands, and the server on one port. */
export * from "./FeedError";
export * from "./FeedBackend";
export * from "./FeedClient";
export * from "./textFrame";
export * from "./frameWriter";
export * from "./ClientMessage";
export * from "./ServerMessage";
export * from "./roles";
export * from "./TokenBucket";
export * from "./HelloGuard";
export * from "./deadline";
export * from "./commands";
export * from "./EventFeed";
export * from "./DoorFeed";
export * from "./Session";
export * from "./staticFiles";
export * from "./FeedServer";
