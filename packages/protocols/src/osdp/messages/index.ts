/** The OSDP messages: typed payloads of every command and reply, and their codecs. */
export type { Ack, Busy, Nak, Poll } from "./basic";
export { keypadKey, rawBits, type KeypadData, type RawCardData } from "./cardData";
export type { UnknownMessage } from "./codec";
export { decodeCommand, encodeCommand, isCommand, type Command, type KnownCommand } from "./command";
export type {
  AcuRxSize,
  CapRequest,
  Capability,
  Com,
  ComSet,
  IdRequest,
  KeepActive,
  PdCap,
  PdId,
} from "./device";
export type {
  BuzzerControl,
  LedControl,
  LedPermanent,
  LedRecord,
  LedTemporary,
  OutputControl,
  OutputRecord,
  TextOutput,
} from "./feedback";
export { decodeMessage, encodeMessage, type Message } from "./message";
export type { ManufacturerCommand, ManufacturerReply } from "./manufacturer";
export { decodeReply, encodeReply, type KnownReply, type Reply } from "./reply";
export {
  KEY_TYPE_SCBK,
  type Challenge,
  type ClientCryptogram,
  type InitialRmac,
  type KeySet,
  type ServerCryptogram,
} from "./secure";
export type {
  InputStatus,
  InputStatusRequest,
  LocalStatus,
  LocalStatusRequest,
  OutputStatus,
  OutputStatusRequest,
  ReaderStatus,
  ReaderStatusRequest,
} from "./status";
