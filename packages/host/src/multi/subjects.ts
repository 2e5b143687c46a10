/**
 * The NATS names a multi-server system uses: one JetStream stream of global entities, kept as the
 * last message per entity (so it is both the snapshot and the change log), and per-server subjects
 * for status and monitoring. Entity ids go into subjects base64url-encoded: an id may hold dots,
 * spaces or wildcards that a subject cannot.
 */

/** The stream of global cardholders and groups, published by the main. */
export const GLOBALS_STREAM = "PORTCULLIS_GLOBALS";

/** Every subject of the globals stream. */
export const GLOBALS_SUBJECTS = "pc.globals.>";

/** The kinds of global entity the main publishes. */
export type GlobalEntity = "cardholder" | "group";

/** The subject of one global entity: its last message is its state (or its removal). */
export const globalSubject = (entity: GlobalEntity, id: string): string =>
  `pc.globals.${entity}.${Buffer.from(id, "utf8").toString("base64url")}`;

/** A server's own subjects (`pc.server.ID.>`): what it publishes about itself. */
export const serverSubjects = (serverId: string): string => `pc.server.${serverId}.>`;

/** A server's status heartbeat. */
export const statusSubject = (serverId: string): string => `pc.server.${serverId}.status`;

/** Every server's status heartbeats, as the main listens to them. */
export const ALL_STATUS = "pc.server.*.status";

/** What a server publishes for monitoring: its changed door snapshots, its committed events. */
export type MonitorKind = "door" | "event";

/** A server's door snapshots (`door`) or committed events (`event`), as it publishes them. */
export const monitorSubject = (serverId: string, kind: MonitorKind): string =>
  `pc.server.${serverId}.${kind}`;

/** Every server's door snapshots or events, as the main listens to them. */
export const allMonitor = (kind: MonitorKind): string => `pc.server.*.${kind}`;

/** A server's private reply inbox prefix: replies to it cannot be read by another server. */
export const inboxPrefix = (natsUser: string): string => `_INBOX_${natsUser}`;

/**
 * Where a sub answers the main's requests: under the main's inbox, one prefix per sub. A sub may
 * publish there and nowhere else of the main's (NATS's `allow_responses` instead keeps a reply
 * permission per message delivered, which made reading a 100 000-record stream quadratic).
 */
export const replySubjects = (mainUser: string, serverId: string): string =>
  `${inboxPrefix(mainUser)}.${serverId}`;

/** Requests the main sends a sub (`doors`, `events`, `command`): only the main may publish them. */
export const requestSubject = (serverId: string, what: "doors" | "events" | "command"): string =>
  `pc.server.${serverId}.request.${what}`;

/** Every request subject of one sub, as it listens. */
export const requestSubjects = (serverId: string): string => `pc.server.${serverId}.request.*`;
