/** A connection's outgoing frames, gathered while the journal emits a batch and written in one go. */
import type { Socket } from "node:net";
import { WebSocket } from "ws";
import type { FeedClient } from "./FeedClient";

/**
 * Frames go straight to the socket, past `ws`'s sender: they are built once for every client
 * (`textFrame`), and a write per frame per client would cost more than the rest of the fan-out.
 * Frames queued in one turn of the event loop are written together, whole, so `ws`'s own control
 * frames (pong, close) only ever fall between them; nothing is written once the connection closes.
 * A client whose unsent bytes exceed `maxBuffered` is dropped: it must not hold the host's memory.
 * A reply it asked for widens that bound by its own size until the buffer drains: a 50 MB site file
 * read at sign-in is not slowness, while replies asked for and never read still end the connection.
 */
export const frameWriter = (
  ws: WebSocket,
  socket: Socket,
  maxBuffered: number,
  onSlow: (buffered: number) => void,
): FeedClient => {
  let queued: Buffer[] = [];
  /** The largest reply in the buffer since it was last within `maxBuffered`. */
  let asked = 0;
  let replied = 0;
  const flush = (): void => {
    const frames = queued;
    const reply = replied;
    queued = [];
    replied = 0;
    if (ws.readyState !== WebSocket.OPEN) return;
    const buffered = socket.writableLength;
    if (buffered <= maxBuffered) asked = 0;
    if (buffered > maxBuffered + asked) {
      onSlow(buffered);
      ws.terminate();
      return;
    }
    asked = Math.max(asked, reply);
    socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
  };
  const send = (frame: Buffer): void => {
    if (queued.push(frame) === 1) queueMicrotask(flush);
  };
  return {
    send,
    reply: (frame) => {
      replied = Math.max(replied, frame.length);
      send(frame);
    },
  };
};
