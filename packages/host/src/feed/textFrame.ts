/** WebSocket text frames built once and shared: the fan-out writes the same bytes to every client. */

/**
 * A final, unmasked text frame (RFC 6455 §5.2), as a server sends it. Framing an event once, not
 * once per client, is what lets one event reach a hundred clients for the price of copies.
 */
export const textFrame = (text: string | Buffer): Buffer => {
  const payload = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const n = payload.length;
  const header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + n);
  frame[0] = 0x81;
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, header);
  return frame;
};
