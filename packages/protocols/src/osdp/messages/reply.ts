/** Every reply a PD sends, as one tagged union, with its encoder and decoder. */
import type { Either } from "effect";
import type { MessageError } from "../errors";
import { ackCodec, busyCodec, nakCodec, type Ack, type Busy, type Nak } from "./basic";
import { keypadDataCodec, rawCardDataCodec, type KeypadData, type RawCardData } from "./cardData";
import { codecTable, decodeWith, type MessageCodec, type UnknownMessage } from "./codec";
import { comCodec, pdCapCodec, pdIdCodec, type Com, type PdCap, type PdId } from "./device";
import { manufacturerReplyCodec, type ManufacturerReply } from "./manufacturer";
import { clientCryptogramCodec, initialRmacCodec, type ClientCryptogram, type InitialRmac } from "./secure";
import {
  inputStatusCodec,
  localStatusCodec,
  outputStatusCodec,
  readerStatusCodec,
  type InputStatus,
  type LocalStatus,
  type OutputStatus,
  type ReaderStatus,
} from "./status";

/** A reply with a typed payload. */
export type KnownReply =
  | Ack
  | Nak
  | PdId
  | PdCap
  | LocalStatus
  | InputStatus
  | OutputStatus
  | ReaderStatus
  | RawCardData
  | KeypadData
  | Com
  | ClientCryptogram
  | InitialRmac
  | Busy
  | ManufacturerReply;

/** A reply; codes without a typed payload here decode as `Unknown`. */
export type Reply = KnownReply | UnknownMessage;

const codecs = [
  ackCodec,
  nakCodec,
  pdIdCodec,
  pdCapCodec,
  localStatusCodec,
  inputStatusCodec,
  outputStatusCodec,
  readerStatusCodec,
  rawCardDataCodec,
  keypadDataCodec,
  comCodec,
  clientCryptogramCodec,
  initialRmacCodec,
  busyCodec,
  manufacturerReplyCodec,
] as ReadonlyArray<MessageCodec<KnownReply>>;

const BY_CODE = codecTable(codecs);
const BY_KIND = new Map(codecs.map((c) => [c.kind, c]));

/** The code and payload bytes of a reply. */
export const encodeReply = (reply: Reply): { readonly code: number; readonly data: Uint8Array } => {
  if (reply.kind === "Unknown") return { code: reply.code, data: reply.data };
  const codec = BY_KIND.get(reply.kind)!;
  return { code: codec.code, data: codec.encode(reply) };
};

/** Decodes a reply's payload by its code. Never throws. */
export const decodeReply = (code: number, data: Uint8Array): Either.Either<Reply, MessageError> =>
  decodeWith(BY_CODE, true, code, data);
