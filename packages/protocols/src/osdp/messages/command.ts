/** Every command a CP sends, as one tagged union, with its encoder and decoder. */
import type { Either } from "effect";
import type { MessageError } from "../errors";
import { pollCodec, type Poll } from "./basic";
import { codecTable, decodeWith, type MessageCodec, type UnknownMessage } from "./codec";
import {
  acuRxSizeCodec,
  capCodec,
  comSetCodec,
  idCodec,
  keepActiveCodec,
  type AcuRxSize,
  type CapRequest,
  type ComSet,
  type IdRequest,
  type KeepActive,
} from "./device";
import {
  buzzerControlCodec,
  ledControlCodec,
  outputControlCodec,
  textOutputCodec,
  type BuzzerControl,
  type LedControl,
  type OutputControl,
  type TextOutput,
} from "./feedback";
import { manufacturerCommandCodec, type ManufacturerCommand } from "./manufacturer";
import {
  challengeCodec,
  keySetCodec,
  serverCryptogramCodec,
  type Challenge,
  type KeySet,
  type ServerCryptogram,
} from "./secure";
import {
  inputStatusRequestCodec,
  localStatusRequestCodec,
  outputStatusRequestCodec,
  readerStatusRequestCodec,
  type InputStatusRequest,
  type LocalStatusRequest,
  type OutputStatusRequest,
  type ReaderStatusRequest,
} from "./status";

/** A command with a typed payload. */
export type KnownCommand =
  | Poll
  | IdRequest
  | CapRequest
  | LocalStatusRequest
  | InputStatusRequest
  | OutputStatusRequest
  | ReaderStatusRequest
  | OutputControl
  | LedControl
  | BuzzerControl
  | TextOutput
  | ComSet
  | KeySet
  | Challenge
  | ServerCryptogram
  | AcuRxSize
  | KeepActive
  | ManufacturerCommand;

/** A command; codes without a typed payload here decode as `Unknown`. */
export type Command = KnownCommand | UnknownMessage;

const codecs = [
  pollCodec,
  idCodec,
  capCodec,
  localStatusRequestCodec,
  inputStatusRequestCodec,
  outputStatusRequestCodec,
  readerStatusRequestCodec,
  outputControlCodec,
  ledControlCodec,
  buzzerControlCodec,
  textOutputCodec,
  comSetCodec,
  keySetCodec,
  challengeCodec,
  serverCryptogramCodec,
  acuRxSizeCodec,
  keepActiveCodec,
  manufacturerCommandCodec,
] as ReadonlyArray<MessageCodec<KnownCommand>>;

const BY_CODE = codecTable(codecs);
const BY_KIND = new Map(codecs.map((c) => [c.kind, c]));

/** True for messages a CP sends (an `Unknown` message counts as either: its code and bytes encode the same). */
export const isCommand = (message: { readonly kind: string }): message is Command =>
  message.kind === "Unknown" || BY_KIND.has(message.kind as KnownCommand["kind"]);

/** The code and payload bytes of a command. */
export const encodeCommand = (command: Command): { readonly code: number; readonly data: Uint8Array } => {
  if (command.kind === "Unknown") return { code: command.code, data: command.data };
  const codec = BY_KIND.get(command.kind)!;
  return { code: codec.code, data: codec.encode(command) };
};

/** Decodes a command's payload by its code. Never throws. */
export const decodeCommand = (code: number, data: Uint8Array): Either.Either<Command, MessageError> =>
  decodeWith(BY_CODE, false, code, data);
