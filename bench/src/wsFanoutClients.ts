/**
 * The WebSocket clients of the fan-out bench, run as a child process (DESIGN §8: they are the one
 * part of the bench outside its process). Usage: `wsFanoutClients.ts HOST PORT TOKEN CLIENTS`.
 * Prints `{"ready":true}` once every client follows the events, then `{"received":N}` every 20 ms.
 *
 * Each client is a bare RFC 6455 client over `node:net` that counts frames without decoding them:
 * a full WebSocket library here parses about as slowly as the server sends, and would measure itself.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

const [host, port, token, count] = process.argv.slice(2);
if (host === undefined || port === undefined || token === undefined || count === undefined)
  throw new Error("usage: wsFanoutClients.ts HOST PORT TOKEN CLIENTS");

/** A masked client text frame (RFC 6455 §5.3); the messages sent are small. */
const clientFrame = (text: string): Buffer => {
  const payload = Buffer.from(text);
  if (payload.length >= 126) throw new Error("message too long for this client");
  const mask = randomBytes(4);
  const frame = Buffer.alloc(6 + payload.length);
  frame[0] = 0x81;
  frame[1] = 0x80 | payload.length;
  mask.copy(frame, 2);
  for (let i = 0; i < payload.length; i++) frame[6 + i] = payload[i]! ^ mask[i % 4]!;
  return frame;
};

let received = 0;

/** Frames seen before the events flow: the welcome and the result that marks the subscription active. */
const SETUP_FRAMES = 2;

/** Opens one client, says hello, subscribes, and resolves once its setup frames are in. */
const follow = (): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect(Number(port), host);
    socket.on("error", reject);
    let upgraded = false;
    let pending: Buffer = Buffer.alloc(0);
    let frames = 0;
    socket.on("connect", () =>
      socket.write(
        `GET /ws HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    socket.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf("\r\n\r\n");
        if (end < 0) return;
        upgraded = true;
        pending = pending.subarray(end + 4);
        socket.write(clientFrame(JSON.stringify({ type: "hello", token })));
        socket.write(clientFrame('{"type":"subscribe","topics":["events"]}'));
        // Messages are handled in order: this command's result means the subscription is active.
        socket.write(
          clientFrame('{"type":"command","id":"ready","command":{"type":"door.pinChart","doorId":"d0"}}'),
        );
      }
      // Walks whole frames (server frames are unmasked), keeping a partial one for the next chunk.
      let at = 0;
      for (;;) {
        if (pending.length - at < 2) break;
        const len7 = pending[at + 1]! & 0x7f;
        const header = len7 < 126 ? 2 : len7 === 126 ? 4 : 10;
        if (pending.length - at < header) break;
        const length =
          len7 < 126
            ? len7
            : len7 === 126
              ? pending.readUInt16BE(at + 2)
              : Number(pending.readBigUInt64BE(at + 2));
        if (pending.length - at < header + length) break;
        at += header + length;
        if (++frames === SETUP_FRAMES) resolve(socket);
        else if (frames > SETUP_FRAMES) received++;
      }
      pending = pending.subarray(at);
    });
  });

await Promise.all(Array.from({ length: Number(count) }, follow));
process.stdout.write('{"ready":true}\n');
setInterval(() => process.stdout.write(`{"received":${received}}\n`), 20);
