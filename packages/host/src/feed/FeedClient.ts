/** What the feeds push to: one connection, sending frames already encoded. */

/** A connection as the feeds see it. */
export interface FeedClient {
  /** Sends a text frame; a `Buffer` is an encoding shared with other clients. */
  send(frame: string | Buffer): void;
}
