/** What the feeds push to: one connection, taking frames already built. */

/** A connection as the feeds and its session see it. */
export interface FeedClient {
  /** Queues a text frame built by `textFrame`, often one shared with other clients. */
  send(frame: Buffer): void;
  /**
   * Queues the answer to something the client asked for (a command's result): however large (a
   * whole site file), it alone never makes the client count as slow.
   */
  reply(frame: Buffer): void;
}
