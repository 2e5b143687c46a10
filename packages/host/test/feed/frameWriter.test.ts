/** The slow-client rule: unsent bytes beyond the bound end a connection, but a large reply the client asked for does not. */
import type { Socket } from "node:net";
import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import { frameWriter } from "../../src/feed/frameWriter";

const BOUND = 1_000;

/** A connection whose peer reads nothing until `drain`: every byte written stays buffered. */
const stalledPeer = () => {
  const peer = { buffered: 0, terminated: false };
  const ws = {
    readyState: WebSocket.OPEN,
    terminate: () => (peer.terminated = true),
  } as unknown as WebSocket;
  const socket = {
    get writableLength() {
      return peer.buffered;
    },
    write: (bytes: Buffer) => (peer.buffered += bytes.length),
  } as unknown as Socket;
  const client = frameWriter(ws, socket, BOUND, () => {});
  return { peer, client, drain: () => (peer.buffered = 0) };
};

const frame = (bytes: number) => Buffer.alloc(bytes);
const flushed = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe("frameWriter", () => {
  it("keeps a client whose reply is larger than the bound while it reads it, pushing on meanwhile", async () => {
    const { peer, client, drain } = stalledPeer();
    client.reply(frame(50 * BOUND));
    await flushed();
    for (let i = 0; i < 10; i++) {
      client.send(frame(100));
      await flushed();
    }
    expect(peer).toEqual({ buffered: 50 * BOUND + 1_000, terminated: false });
    drain();
    client.send(frame(100));
    await flushed();
    expect(peer.terminated).toBe(false);
  });

  it("drops a client that reads nothing: pushes beyond the bound, or replies asked for again and again", async () => {
    const pushed = stalledPeer();
    for (let i = 0; i < 3; i++) {
      pushed.client.send(frame(600));
      await flushed();
    }
    expect(pushed.peer.terminated).toBe(true);
    const asking = stalledPeer();
    for (let i = 0; i < 3; i++) {
      asking.client.reply(frame(50 * BOUND));
      await flushed();
    }
    expect(asking.peer).toEqual({ buffered: 100 * BOUND, terminated: true });
  });
});
