/** The OSDP layer's typed errors: every failure is a value, never a thrown exception. */
import { Data } from "effect";

/** Why a byte sequence is not a frame. */
export type FrameErrorReason =
  | "TooShort"
  | "BadSom"
  | "BadLength"
  | "BadControl"
  | "BadSecurityBlock"
  | "BadCheck"
  | "TrailingBytes"
  | "Garbage";

/** A frame that cannot be decoded, or bytes the framer had to skip to resynchronise. */
export class FrameError extends Data.TaggedError("FrameError")<{
  readonly reason: FrameErrorReason;
  readonly message: string;
}> {}

/** A frame whose payload does not fit its command or reply (wrong length, bad field). */
export class MessageError extends Data.TaggedError("MessageError")<{
  readonly code: number;
  readonly name: string;
  readonly message: string;
}> {}

/** Why a Secure Channel operation failed; `nak` is the NAK code a PD answers with. */
export type SecureChannelErrorReason =
  | "BadMac"
  | "BadCryptogram"
  | "BadPadding"
  | "NotActive"
  | "NoKey"
  | "PlaintextInSession"
  | "UnsupportedBlock"
  | "UnexpectedMessage";

/** A Secure Channel failure (Annex D/E); a PD answers NAK 0x06 and resets its session. */
export class SecureChannelError extends Data.TaggedError("SecureChannelError")<{
  readonly reason: SecureChannelErrorReason;
  readonly message: string;
}> {}

/** A capture line that is neither osdpcap JSON nor hex. */
export class CaptureError extends Data.TaggedError("CaptureError")<{
  readonly line: number;
  readonly message: string;
}> {}
