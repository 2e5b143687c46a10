/** Manufacturer-specific messages MFG and MFGREP: a vendor OUI and opaque bytes (OSDP 2.2 §6.19, §7.20). */
import { concatBytes } from "../bytes";
import { CommandCode, ReplyCode } from "../codes";
import type { MessageCodec } from "./codec";

/** osdp_MFG: vendor OUI (3 bytes as sent) and vendor-defined data. */
export interface ManufacturerCommand {
  readonly kind: "MFG";
  readonly vendorCode: Uint8Array;
  readonly data: Uint8Array;
}

/** osdp_MFGREP: vendor OUI and vendor-defined data. */
export interface ManufacturerReply {
  readonly kind: "MFGREP";
  readonly vendorCode: Uint8Array;
  readonly data: Uint8Array;
}

const vendorCodec = <K extends "MFG" | "MFGREP">(
  kind: K,
  code: number,
): MessageCodec<{ readonly kind: K; readonly vendorCode: Uint8Array; readonly data: Uint8Array }> => ({
  kind,
  code,
  encode: (m) => concatBytes(m.vendorCode, m.data),
  decode: (r) => {
    const vendorCode = r.bytes(3);
    return { kind, vendorCode, data: r.rest() };
  },
});

/** MFG codec. */
export const manufacturerCommandCodec: MessageCodec<ManufacturerCommand> = vendorCodec(
  "MFG",
  CommandCode.MFG,
);
/** MFGREP codec. */
export const manufacturerReplyCodec: MessageCodec<ManufacturerReply> = vendorCodec(
  "MFGREP",
  ReplyCode.MFGREP,
);
