/** Commands and replies together: a frame's direction says which table decodes its payload. */
import type { Either } from "effect";
import type { MessageError } from "../errors";
import { type Command, decodeCommand, encodeCommand, isCommand } from "./command";
import { decodeReply, encodeReply, type Reply } from "./reply";

/** A command (CP → PD) or a reply (PD → CP). */
export type Message = Command | Reply;

/** Decodes a payload as a reply when `reply` (the address's bit 7) is set, else as a command. Never throws. */
export const decodeMessage = (
  reply: boolean,
  code: number,
  data: Uint8Array,
): Either.Either<Message, MessageError> => (reply ? decodeReply(code, data) : decodeCommand(code, data));

/** The code and payload bytes of a command or a reply. */
export const encodeMessage = (message: Message): { readonly code: number; readonly data: Uint8Array } =>
  isCommand(message) ? encodeCommand(message) : encodeReply(message);
