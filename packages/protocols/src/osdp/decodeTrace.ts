/** The logic of `portcullis osdp decode` (DESIGN §8): frames in, one JSON-ready object per frame out, following Secure Channel sessions. */
import { Either } from "effect";
import type { Crypto } from "../crypto";
import { constantTimeEqual, fromHex, toHex } from "./bytes";
import type { CaptureEntry } from "./capture";
import { codeName, NakCode, ScbType } from "./codes";
import type { CaptureError } from "./errors";
import { carriesMac, decodeFrame, type Frame } from "./frame";
import { decodeMessage, KEY_TYPE_SCBK, type Message, type Reply } from "./messages";
import { SCBK_D } from "./scbk";
import {
  clientCryptogram,
  deriveSessionKeys,
  SecureLink,
  type SessionCiphers,
  sessionCiphers,
} from "./secureChannel";

/** A JSON value as `osdp decode` prints it. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json };

/** One input: a hex string, raw bytes, a capture entry, or a parsed capture line as `parseCapture` returns it. */
export type TraceInput = string | Uint8Array | CaptureEntry | Either.Either<CaptureEntry, CaptureError>;

/** Options: the crypto to follow sessions with and an extra SCBK to try (`--scbk`). */
export interface DecodeTraceOptions {
  readonly crypto: Crypto;
  readonly scbk?: Uint8Array;
}

/** Typed payload fields as JSON: byte strings in hex, `kind` left out (it is the frame's `name`). */
export const messageFields = (value: unknown): Json => {
  if (value instanceof Uint8Array) return toHex(value);
  if (Array.isArray(value)) return value.map(messageFields);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "kind") out[k] = messageFields(v);
    return out;
  }
  return value as Json;
};

// What the decoder knows of one PD's Secure Channel, learned from the frames it has seen.
interface Follow {
  rndA?: Uint8Array;
  keyFlag?: number;
  ciphers?: SessionCiphers | undefined;
  link?: SecureLink;
  keyset?: Uint8Array | undefined;
  learnedKey?: Uint8Array;
}

// What survives the end of a session: only the key learned from KEYSET.
const learned = (follow: Follow): Follow =>
  follow.learnedKey === undefined ? {} : { learnedKey: follow.learnedKey };

const inputBytes = (input: TraceInput): Either.Either<Uint8Array, string> => {
  if (typeof input === "string") {
    const bytes = fromHex(input);
    return bytes === undefined ? Either.left(`not hex: ${input}`) : Either.right(bytes);
  }
  if (input instanceof Uint8Array) return Either.right(input);
  if (!Either.isEither(input)) return Either.right(input.data);
  return Either.isLeft(input)
    ? Either.left(`line ${input.left.line}: ${input.left.message}`)
    : Either.right(input.right.data);
};

/** Decodes frames in capture order, following each PD's Secure Channel: SCBK-D, `--scbk`, and keys sent by KEYSET. */
export const decodeTrace = (inputs: ReadonlyArray<TraceInput>, options: DecodeTraceOptions): Array<Json> => {
  const follows = new Map<number, Follow>();
  const followOf = (addr: number): Follow => {
    const existing = follows.get(addr);
    if (existing !== undefined) return existing;
    const created: Follow = {};
    follows.set(addr, created);
    return created;
  };

  const candidateKeys = (follow: Follow): Array<Uint8Array> =>
    follow.keyFlag === 0x00
      ? [SCBK_D]
      : [follow.learnedKey, options.scbk, SCBK_D].filter((k): k is Uint8Array => k !== undefined);

  // The key whose client cryptogram matches the PD's is the session's key.
  const learnSession = (follow: Follow, reply: Reply) => {
    if (reply.kind !== "CCRYPT" || follow.rndA === undefined) return;
    const rndA = follow.rndA;
    follow.ciphers = candidateKeys(follow)
      .map((key) => sessionCiphers(options.crypto, deriveSessionKeys(options.crypto, key, rndA)))
      .find((c) => constantTimeEqual(clientCryptogram(c, rndA, reply.rndB), reply.clientCryptogram));
  };

  // Handshake frames teach the decoder the session; a KEYSET ACK or a NAK 0x06 ends it.
  const observe = (follow: Follow, frame: Frame, message: Message) => {
    switch (frame.scb?.type) {
      case ScbType.CHLNG:
        if (message.kind === "CHLNG")
          follows.set(frame.addr, {
            ...learned(follow),
            rndA: message.rndA,
            keyFlag: frame.scb.data[0] ?? 1,
          });
        return;
      case ScbType.CCRYPT:
        learnSession(follow, message as Reply);
        return;
      case ScbType.RMAC_I:
        if (follow.ciphers !== undefined && message.kind === "RMAC_I")
          follow.link = new SecureLink(follow.ciphers, message.rmacI);
        return;
    }
    if (!frame.reply) {
      // Only the reply to the KEYSET itself confirms the key.
      follow.keyset =
        message.kind === "KEYSET" && message.keyType === KEY_TYPE_SCBK ? message.key : undefined;
    } else if (message.kind === "ACK" && follow.keyset !== undefined) {
      follows.set(frame.addr, { learnedKey: follow.keyset });
    } else if (message.kind === "NAK" && message.error === NakCode.SECURE_CHANNEL_REQUIRED) {
      follows.set(frame.addr, learned(follow));
    }
  };

  const decodeOne = (bytes: Uint8Array): Json => {
    const decoded = decodeFrame(bytes);
    if (Either.isLeft(decoded)) return { ok: false, error: decoded.left.message };
    const frame = decoded.right;
    const follow = followOf(frame.addr);
    const base: Record<string, Json> = {
      ok: true,
      dir: frame.reply ? "pd" : "cp",
      addr: frame.addr,
      sqn: frame.sqn,
      check: frame.check,
      scb: frame.scb === null ? null : { type: frame.scb.type, data: toHex(frame.scb.data) },
      code: frame.code,
      name: codeName(frame.code, frame.reply),
      data: toHex(frame.data),
    };
    let payload: Uint8Array | undefined = frame.data;
    if (frame.scb !== null && carriesMac(frame.scb.type)) {
      const opened =
        follow.link === undefined
          ? undefined
          : frame.reply
            ? follow.link.openReply(frame)
            : follow.link.openCommand(frame);
      payload = opened !== undefined && Either.isRight(opened) ? opened.right : undefined;
      base["plain"] = payload === undefined ? null : toHex(payload);
      base["macOk"] = opened === undefined ? null : Either.isRight(opened);
    }
    if (payload === undefined) return { ...base, fields: null };
    const message = decodeMessage(frame.reply, frame.code, payload);
    if (Either.isLeft(message)) return { ...base, fields: null, fieldsError: message.left.message };
    observe(follow, frame, message.right);
    return { ...base, fields: message.right.kind === "Unknown" ? null : messageFields(message.right) };
  };

  return inputs.map((input) => {
    const bytes = inputBytes(input);
    return Either.isLeft(bytes) ? { ok: false, error: bytes.left } : decodeOne(bytes.right);
  });
};
