/** Identification, capabilities and line settings: ID/PDID, CAP/PDCAP, COMSET/COM, ACURXSIZE, KEEPACTIVE. */
import { concatBytes, u16le, u32le } from "../bytes";
import { CommandCode, ReplyCode } from "../codes";
import type { MessageCodec } from "./codec";
import type { ByteReader } from "./reader";

/** osdp_ID: asks for the PD's identity; `requestType` is 0 (standard report). */
export interface IdRequest {
  readonly kind: "ID";
  readonly requestType: number;
}

/** osdp_CAP: asks for the PD's capabilities; `requestType` is 0. */
export interface CapRequest {
  readonly kind: "CAP";
  readonly requestType: number;
}

/** osdp_PDID: vendor OUI (3 bytes as sent), model, version, serial number (32-bit LE) and firmware version. */
export interface PdId {
  readonly kind: "PDID";
  readonly vendorCode: Uint8Array;
  readonly model: number;
  readonly version: number;
  readonly serialNumber: number;
  readonly firmware: { readonly major: number; readonly minor: number; readonly build: number };
}

/** One PDCAP entry: function code (e.g. 9 = communication security), compliance level, number of items. */
export interface Capability {
  readonly function: number;
  readonly compliance: number;
  readonly count: number;
}

/** osdp_PDCAP: the PD's capability list. */
export interface PdCap {
  readonly kind: "PDCAP";
  readonly capabilities: ReadonlyArray<Capability>;
}

/** osdp_COMSET: new address and baud rate for the PD. */
export interface ComSet {
  readonly kind: "COMSET";
  readonly address: number;
  readonly baudRate: number;
}

/** osdp_COM: the address and baud rate the PD will use from now on. */
export interface Com {
  readonly kind: "COM";
  readonly address: number;
  readonly baudRate: number;
}

/** osdp_ACURXSIZE: the largest message the CP can receive. */
export interface AcuRxSize {
  readonly kind: "ACURXSIZE";
  readonly maxReceiveSize: number;
}

/** osdp_KEEPACTIVE: keep a card session alive for `keepAliveMs`. */
export interface KeepActive {
  readonly kind: "KEEPACTIVE";
  readonly keepAliveMs: number;
}

const requestCodec = <K extends "ID" | "CAP">(
  kind: K,
  code: number,
): MessageCodec<{ readonly kind: K; readonly requestType: number }> => ({
  kind,
  code,
  encode: (m) => Uint8Array.of(m.requestType),
  decode: (r) => ({ kind, requestType: r.u8() }),
});

/** ID codec. */
export const idCodec: MessageCodec<IdRequest> = requestCodec("ID", CommandCode.ID);
/** CAP codec. */
export const capCodec: MessageCodec<CapRequest> = requestCodec("CAP", CommandCode.CAP);

/** PDID codec (12 bytes). */
export const pdIdCodec: MessageCodec<PdId> = {
  kind: "PDID",
  code: ReplyCode.PDID,
  encode: (m) =>
    concatBytes(
      m.vendorCode,
      Uint8Array.of(m.model, m.version),
      u32le(m.serialNumber),
      Uint8Array.of(m.firmware.major, m.firmware.minor, m.firmware.build),
    ),
  decode: (r) => ({
    kind: "PDID",
    vendorCode: r.bytes(3),
    model: r.u8(),
    version: r.u8(),
    serialNumber: r.u32(),
    firmware: { major: r.u8(), minor: r.u8(), build: r.u8() },
  }),
};

/** PDCAP codec (3 bytes per capability). */
export const pdCapCodec: MessageCodec<PdCap> = {
  kind: "PDCAP",
  code: ReplyCode.PDCAP,
  encode: (m) => Uint8Array.from(m.capabilities.flatMap((c) => [c.function, c.compliance, c.count])),
  decode: (r) => {
    const capabilities: Array<Capability> = [];
    if (r.remaining() % 3 !== 0) r.fail("PDCAP length is not a multiple of 3");
    while (r.remaining() >= 3) capabilities.push({ function: r.u8(), compliance: r.u8(), count: r.u8() });
    return { kind: "PDCAP", capabilities };
  },
};

const addressAndBaud = (r: ByteReader) => ({ address: r.u8(), baudRate: r.u32() });

/** COMSET codec. */
export const comSetCodec: MessageCodec<ComSet> = {
  kind: "COMSET",
  code: CommandCode.COMSET,
  encode: (m) => concatBytes(Uint8Array.of(m.address), u32le(m.baudRate)),
  decode: (r) => ({ kind: "COMSET", ...addressAndBaud(r) }),
};

/** COM codec. */
export const comCodec: MessageCodec<Com> = {
  kind: "COM",
  code: ReplyCode.COM,
  encode: (m) => concatBytes(Uint8Array.of(m.address), u32le(m.baudRate)),
  decode: (r) => ({ kind: "COM", ...addressAndBaud(r) }),
};

/** ACURXSIZE codec. */
export const acuRxSizeCodec: MessageCodec<AcuRxSize> = {
  kind: "ACURXSIZE",
  code: CommandCode.ACURXSIZE,
  encode: (m) => u16le(m.maxReceiveSize),
  decode: (r) => ({ kind: "ACURXSIZE", maxReceiveSize: r.u16() }),
};

/** KEEPACTIVE codec. */
export const keepActiveCodec: MessageCodec<KeepActive> = {
  kind: "KEEPACTIVE",
  code: CommandCode.KEEPACTIVE,
  encode: (m) => u16le(m.keepAliveMs),
  decode: (r) => ({ kind: "KEEPACTIVE", keepAliveMs: r.u16() }),
};
