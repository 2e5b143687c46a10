/** Messages without a payload of their own, and NAK (OSDP 2.2 §6.1, §7.1–7.2, §7.19). */
import { CommandCode, ReplyCode } from "../codes";
import { concatBytes } from "../bytes";
import { type MessageCodec, noDataCodec } from "./codec";

/** osdp_POLL: "anything to report?". */
export type Poll = { readonly kind: "POLL" };
/** osdp_ACK: command accepted, nothing to report. */
export type Ack = { readonly kind: "ACK" };
/** osdp_BUSY: the PD cannot answer yet; the CP repeats the command with the same SQN. */
export type Busy = { readonly kind: "BUSY" };

/** osdp_NAK: the command was refused; `error` is a `NakCode`, `detail` any bytes that follow it. */
export interface Nak {
  readonly kind: "NAK";
  readonly error: number;
  readonly detail: Uint8Array;
}

/** POLL codec. */
export const pollCodec = noDataCodec("POLL", CommandCode.POLL);
/** ACK codec. */
export const ackCodec = noDataCodec("ACK", ReplyCode.ACK);
/** BUSY codec. */
export const busyCodec = noDataCodec("BUSY", ReplyCode.BUSY);

/** NAK codec. */
export const nakCodec: MessageCodec<Nak> = {
  kind: "NAK",
  code: ReplyCode.NAK,
  encode: (m) => concatBytes(Uint8Array.of(m.error), m.detail),
  decode: (r) => ({ kind: "NAK", error: r.u8(), detail: r.rest() }),
};
