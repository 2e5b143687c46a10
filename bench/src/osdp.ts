/** OSDP hot paths: plain frame decode/encode, Secure Channel frames with and without data, beside the AES floor. */
import { createCipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  decodeFrame,
  decodeMessage,
  encodeFrame,
  encodeMessage,
  type Frame,
  fromHex,
  nodeCrypto,
  SecureLink,
  sessionCiphers,
} from "@portcullis/protocols";
import { rate, type BenchResult } from "./measure";

// The plain (no security block) frames of the shared vectors.
const plainVectorFrames = (): Array<Uint8Array> => {
  const url = new URL("../../packages/protocols/test/fixtures/osdp/frames.json", import.meta.url);
  const vectors = JSON.parse(readFileSync(url, "utf8")) as Array<{ frame: string }>;
  return vectors
    .map((v) => fromHex(v.frame)!)
    .filter((bytes) => {
      const frame = decodeFrame(bytes);
      return frame._tag === "Right" && frame.right.scb === null;
    });
};

const decodedOrThrow = (bytes: Uint8Array): Frame => {
  const frame = decodeFrame(bytes);
  if (frame._tag === "Left") throw new Error(frame.left.message);
  return frame.right;
};

/** The OSDP scenarios. */
export const osdpBench = (): Array<BenchResult> => {
  const plain = plainVectorFrames();
  let i = 0;
  const decode = rate("osdp.decode_frames_per_s", "frames/s", () => {
    const frame = decodeFrame(plain[i++ % plain.length]!);
    if (frame._tag === "Right") decodeMessage(frame.right.reply, frame.right.code, frame.right.data);
  });

  const typed = plain.flatMap((bytes) => {
    const frame = decodedOrThrow(bytes);
    const message = decodeMessage(frame.reply, frame.code, frame.data);
    return message._tag === "Right" ? [{ frame, message: message.right }] : [];
  });
  const encode = rate("osdp.encode_frames_per_s", "frames/s", () => {
    const { frame, message } = typed[i++ % typed.length]!;
    const { code, data } = encodeMessage(message);
    encodeFrame({
      addr: frame.addr,
      reply: frame.reply,
      sqn: frame.sqn,
      check: frame.check,
      scb: null,
      code,
      data,
      mac: null,
    });
  });

  // Both ends of one session share keys and start the chain at the same RMAC-I.
  const ciphers = sessionCiphers(nodeCrypto, {
    sEnc: nodeCrypto.random(16),
    sMac1: nodeCrypto.random(16),
    sMac2: nodeCrypto.random(16),
  });
  const rmacI = nodeCrypto.random(16);
  const cp = new SecureLink(ciphers, rmacI);
  const pd = new SecureLink(ciphers, rmacI);
  const header = { addr: 0x65, sqn: 1, check: "crc" as const };
  const buz = Uint8Array.of(0, 2, 2, 2, 1); // one block once padded
  const empty = new Uint8Array(0);

  const sc = rate("osdp.sc_frames_per_s", "frames/s", () => {
    const frame = decodedOrThrow(cp.sealCommand(header, 0x6a, buz));
    if (pd.openCommand(frame)._tag === "Left") throw new Error("MAC chain broke");
  });

  let reply = false;
  const scNoData = rate("osdp.sc_nodata_frames_per_s", "frames/s", () => {
    // Alternating POLL and ACK keeps the MAC chain as a real exchange does.
    if (reply) {
      if (cp.openReply(decodedOrThrow(pd.sealReply(header, 0x40, empty)))._tag === "Left")
        throw new Error("ACK");
    } else if (pd.openCommand(decodedOrThrow(cp.sealCommand(header, 0x60, empty)))._tag === "Left") {
      throw new Error("POLL");
    }
    reply = !reply;
  });

  // The floor: node:crypto's reused cipher, one call per block (DESIGN §1). Secure Channel makes one call per
  // MAC pass and per payload, so a frame costs a few such calls.
  const block = new Uint8Array(16);
  const reused = createCipheriv("aes-128-ecb", nodeCrypto.random(16), null);
  reused.setAutoPadding(false);
  const floor = rate("floor.aes_blocks_per_s", "blocks/s", () => block.set(reused.update(block)));

  return [decode, encode, sc, scNoData, floor];
};
