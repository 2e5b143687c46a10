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
 */
export const frameWriter = (
  ws: WebSocket,
  socket: Socket,
  maxBuffered: number,
  onSlow: (buffered: number) => void,
): FeedClient => {
  let queued: Buffer[] = [];
  const flush = (): void => {
    const frames = queued;
    queued = [];
    if (ws.readyState !== WebSocket.OPEN) return;
    if (socket.writableLength > maxBuffered) {
      onSlow(socket.writableLength);
      ws.terminate();
      return;
    }
    socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
  };
  return {
    send: (frame) => {
      if (queued.push(frame) === 1) queueMicrotask(flush);
    },
  };
};
