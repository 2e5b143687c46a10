/** Status queries and reports: LSTAT/LSTATR (tamper, power), ISTAT/ISTATR, OSTAT/OSTATR, RSTAT/RSTATR. */
import { CommandCode, ReplyCode } from "../codes";
import { type MessageCodec, noDataCodec } from "./codec";

/** osdp_LSTAT: asks for the local status (tamper, power). */
export type LocalStatusRequest = { readonly kind: "LSTAT" };
/** osdp_ISTAT: asks for the input states. */
export type InputStatusRequest = { readonly kind: "ISTAT" };
/** osdp_OSTAT: asks for the output states. */
export type OutputStatusRequest = { readonly kind: "OSTAT" };
/** osdp_RSTAT: asks for the status of readers attached to the PD. */
export type ReaderStatusRequest = { readonly kind: "RSTAT" };

/** osdp_LSTATR: the PD's tamper switch and power supply. */
export interface LocalStatus {
  readonly kind: "LSTATR";
  readonly tamper: boolean;
  readonly powerFailure: boolean;
}

/** osdp_ISTATR: one status byte per input (0 inactive, 1 active). */
export interface InputStatus {
  readonly kind: "ISTATR";
  readonly inputs: ReadonlyArray<number>;
}

/** osdp_OSTATR: one status byte per output (0 inactive, 1 active). */
export interface OutputStatus {
  readonly kind: "OSTATR";
  readonly outputs: ReadonlyArray<number>;
}

/** osdp_RSTATR: one byte per attached reader (0 normal, 1 not connected, 2 tamper). */
export interface ReaderStatus {
  readonly kind: "RSTATR";
  readonly readers: ReadonlyArray<number>;
}

/** LSTAT codec. */
export const localStatusRequestCodec = noDataCodec("LSTAT", CommandCode.LSTAT);
/** ISTAT codec. */
export const inputStatusRequestCodec = noDataCodec("ISTAT", CommandCode.ISTAT);
/** OSTAT codec. */
export const outputStatusRequestCodec = noDataCodec("OSTAT", CommandCode.OSTAT);
/** RSTAT codec. */
export const readerStatusRequestCodec = noDataCodec("RSTAT", CommandCode.RSTAT);

/** LSTATR codec: two bytes, non-zero meaning "tamper" / "power failure". */
export const localStatusCodec: MessageCodec<LocalStatus> = {
  kind: "LSTATR",
  code: ReplyCode.LSTATR,
  encode: (m) => Uint8Array.of(m.tamper ? 1 : 0, m.powerFailure ? 1 : 0),
  decode: (r) => ({ kind: "LSTATR", tamper: r.u8() !== 0, powerFailure: r.u8() !== 0 }),
};

const statusListCodec = <M extends { readonly kind: string }>(
  kind: M["kind"],
  code: number,
  toList: (m: M) => ReadonlyArray<number>,
  fromList: (list: Array<number>) => M,
): MessageCodec<M> => ({
  kind,
  code,
  encode: (m) => Uint8Array.from(toList(m)),
  decode: (r) => fromList(Array.from(r.rest())),
});

/** ISTATR codec. */
export const inputStatusCodec = statusListCodec<InputStatus>(
  "ISTATR",
  ReplyCode.ISTATR,
  (m) => m.inputs,
  (inputs) => ({ kind: "ISTATR", inputs }),
);
/** OSTATR codec. */
export const outputStatusCodec = statusListCodec<OutputStatus>(
  "OSTATR",
  ReplyCode.OSTATR,
  (m) => m.outputs,
  (outputs) => ({ kind: "OSTATR", outputs }),
);
/** RSTATR codec. */
export const readerStatusCodec = statusListCodec<ReaderStatus>(
  "RSTATR",
  ReplyCode.RSTATR,
  (m) => m.readers,
  (readers) => ({ kind: "RSTATR", readers }),
);
