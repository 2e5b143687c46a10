import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { decodeFrame, decodeMessage, encodeFrame, type Frame, toHex } from "../../src/osdp";
import { frameVectors, hex } from "./vectors";

const decoded = (frameHex: string): Frame => {
  const result = decodeFrame(hex(frameHex));
  if (Either.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const named = (name: string): Frame => decoded(frameVectors.find((v) => v.name === name)!.frame);

const fieldsOf = (frame: Frame) => {
  const message = decodeMessage(frame.reply, frame.code, frame.data);
  if (Either.isLeft(message)) throw new Error(message.left.message);
  return message.right;
};

describe("frames.json", () => {
  it.each(frameVectors.map((v) => [v.name, v] as const))(
    "%s decodes and re-encodes byte for byte",
    (_, vector) => {
      const frame = decoded(vector.frame);
      expect(toHex(encodeFrame(frame))).toBe(toHex(hex(vector.frame)));
      // The check mode in the name matches CTRL.
      if (/_crc$|_crc\d?_/.test(vector.name)) expect(frame.check).toBe("crc");
      if (/cks/.test(vector.name)) expect(frame.check).toBe("checksum");
    },
  );

  it("every plain frame's payload decodes into its typed message", () => {
    for (const v of frameVectors) {
      const frame = decoded(v.frame);
      if (frame.scb !== null || v.name === "libosdp_chlng_payload_no_scb") continue;
      expect(() => fieldsOf(frame), v.name).not.toThrow();
    }
  });

  it("Annex E COMSET: broadcast, new address 0 at 9600 baud, SQN 0, CRC", () => {
    const frame = named("annexE_crc1_comset_broadcast");
    expect(frame).toMatchObject({ addr: 0x7f, reply: false, sqn: 0, check: "crc", scb: null, code: 0x6e });
    expect(fieldsOf(frame)).toEqual({ kind: "COMSET", address: 0, baudRate: 9600 });
    expect(fieldsOf(named("annexE_cks1_comset_broadcast"))).toEqual({
      kind: "COMSET",
      address: 0,
      baudRate: 9600,
    });
  });

  it("ID, POLL and ACK frames say who, which SQN and which check", () => {
    expect(named("annexE_crc2_id")).toMatchObject({ addr: 0, sqn: 0, code: 0x61 });
    expect(fieldsOf(named("annexE_cks2_id"))).toEqual({ kind: "ID", requestType: 0 });
    expect(named("libosdp_poll_sqn0_crc")).toMatchObject({ addr: 0x65, reply: false, sqn: 0, code: 0x60 });
    expect(named("libosdp_poll_sqn0_cksum")).toMatchObject({ addr: 0x65, check: "checksum", code: 0x60 });
    expect(named("libosdp_ack_sqn1_cksum")).toMatchObject({ addr: 0x65, reply: true, sqn: 1, code: 0x40 });
    expect(named("osdpnet_real_ack")).toMatchObject({
      addr: 0,
      reply: true,
      sqn: 1,
      check: "crc",
      code: 0x40,
    });
    expect(named("jeff_poll_addr0x23")).toMatchObject({ addr: 0x23, sqn: 0, code: 0x60 });
    expect(named("jeff_id_addr1")).toMatchObject({ addr: 1, sqn: 1, code: 0x61 });
    expect(named("osdpnet_poll_crc")).toMatchObject({ sqn: 2, check: "crc" });
  });

  it("NAK carries its error code", () => {
    const frame = named("libosdp_nak1_sqn1_crc");
    expect(frame).toMatchObject({ reply: true, sqn: 1, check: "crc" });
    expect(fieldsOf(frame)).toEqual({ kind: "NAK", error: 1, detail: new Uint8Array(0) });
  });

  it("handshake frames carry their security blocks", () => {
    const ccrypt = named("libosdp_ccrypt_scs12_cksum");
    expect(ccrypt.scb?.type).toBe(0x12);
    expect(toHex(ccrypt.scb!.data)).toBe("01");
    expect(fieldsOf(ccrypt)).toMatchObject({ kind: "CCRYPT", cUid: hex("10 11 12 13 14 15 16 17") });
    const rmacI = named("libosdp_rmaci_scs14_crc");
    expect(rmacI.scb?.type).toBe(0x14);
    expect(fieldsOf(rmacI)).toEqual({
      kind: "RMAC_I",
      rmacI: hex("A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF"),
    });
    const chlng = named("osdpnet_chlng_scbkd");
    expect(chlng.scb).toEqual({ type: 0x11, data: Uint8Array.of(0) });
    expect(fieldsOf(chlng)).toEqual({ kind: "CHLNG", rndA: hex("EB 2E 29 0A 42 8C 92 0B") });
  });

  it("SCS_15–18 frames split off their MAC; a MAC block too short for a MAC still decodes", () => {
    expect(toHex(named("osdpnet_poll_sc_zero_keys").mac!)).toBe("4b327677");
    expect(toHex(named("jeff_ack_scs16").mac!)).toBe("0c49e166");
    expect(named("libosdp_reject_scs16_inactive")).toMatchObject({ mac: null, scb: { type: 0x16 } });
    expect(named("libosdp_reject_scs19")).toMatchObject({ mac: null, scb: { type: 0x19 } });
    expect(toHex(named("libosdp_reject_bad_mac").mac!)).toBe("00000000");
  });

  it("reply payloads: PDID, BUZ, OUT, KEYSET, MFG", () => {
    expect(fieldsOf(named("osdpnet_pdid"))).toEqual({
      kind: "PDID",
      vendorCode: hex("00 0E E3"),
      model: 0x10,
      version: 0x10,
      serialNumber: 0x97740000,
      firmware: { major: 0x23, minor: 0x06, build: 0x06 },
    });
    expect(fieldsOf(named("osdpnet_buz"))).toEqual({
      kind: "BUZ",
      reader: 0,
      tone: 2,
      onTime: 2,
      offTime: 2,
      count: 1,
    });
    expect(fieldsOf(named("osdpnet_out_2recs_crc"))).toEqual({
      kind: "OUT",
      records: [
        { output: 0, control: 3, timer: 100 },
        { output: 1, control: 6, timer: 120 },
      ],
    });
    expect(fieldsOf(named("osdpnet_keyset_crc"))).toEqual({
      kind: "KEYSET",
      keyType: 1,
      key: hex("00 01 02 03 04 05 06 07 00 01 02 03 04 05 06 07"),
    });
    expect(fieldsOf(named("osdpnet_mfg_crc"))).toEqual({
      kind: "MFG",
      vendorCode: hex("01 02 03"),
      data: hex("0A 0B 0C"),
    });
    expect(fieldsOf(named("osdpnet_filetransfer_crc"))).toMatchObject({ kind: "Unknown", code: 0x7c });
  });

  it("marks before SOM are skipped; bad bytes are errors, never exceptions", () => {
    expect(Either.isRight(decodeFrame(hex("FF FF 53 65 08 00 04 60 60 90")))).toBe(true);
    const bad = (text: string) => {
      const r = decodeFrame(hex(text));
      return Either.isLeft(r) ? r.left.reason : "ok";
    };
    expect(bad("53 65 08 00 04 60 60 91")).toBe("BadCheck");
    expect(bad("53 65 08 00 04 60 60")).toBe("TooShort");
    expect(bad("53 65 08 00 04 60 60 90 00")).toBe("TrailingBytes");
    expect(bad("54 65 08 00 04 60 60 90")).toBe("BadSom");
    expect(bad("")).toBe("TooShort");
  });
});
