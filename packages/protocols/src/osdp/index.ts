/** OSDP for Portcullis: frame codec, incremental framer, typed messages, Secure Channel, captures and the trace decoder. */
export { constantTimeEqual, fromHex, toHex } from "./bytes";
export {
  type CaptureEntry,
  type CaptureIo,
  ioOfFrame,
  parseCapture,
  parseHexLine,
  parseOsdpcapLine,
  writeHexLines,
  writeOsdpcap,
} from "./capture";
export { codeName, CommandCode, NakCode, nakName, ReplyCode, ScbType } from "./codes";
export { type CpSession, makeCpSession } from "./cpSession";
export { checksum8, crc16 } from "./crc";
export * from "./cp";
export {
  type DecodeTraceOptions,
  decodeTrace,
  type Json,
  messageFields,
  type TraceInput,
} from "./decodeTrace";
export {
  CaptureError,
  FrameError,
  type FrameErrorReason,
  MessageError,
  SecureChannelError,
  type SecureChannelErrorReason,
} from "./errors";
export {
  BROADCAST_ADDRESS,
  carriesMac,
  checkLength,
  decodeFrame,
  decodeFrameAt,
  encodeFrame,
  type Frame,
  type FrameCheck,
  frameLength,
  MARK,
  MAX_FRAME_LENGTH,
  REPLY_BIT,
  type SecurityBlock,
  SOM,
  writeCheck,
  writeFrameBody,
} from "./frame";
export { type Framer, type FramerOptions, type FramerOutput, makeFramer } from "./framer";
export * from "./messages";
export { makePdSession, type PdSession, type PdSessionOptions } from "./pdSession";
export { deriveScbk, SCBK_D } from "./scbk";
export {
  clientCryptogram,
  computeMac,
  decryptData,
  deriveSessionKeys,
  encryptData,
  type FrameHeader,
  initialRmac,
  SecureLink,
  serverCryptogram,
  type SessionCiphers,
  sessionCiphers,
  type SessionKeys,
  type SessionState,
} from "./secureChannel";
