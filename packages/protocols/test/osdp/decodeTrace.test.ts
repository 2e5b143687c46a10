import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/crypto";
import {
  type CaptureEntry,
  type Command,
  decodeFrame,
  decodeTrace,
  encodeFrame,
  makeCpSession,
  makePdSession,
  parseCapture,
  type PdSessionOptions,
  type Reply,
  SCBK_D,
  writeOsdpcap,
} from "../../src/osdp";
import { hex, seededCrypto } from "./vectors";

const ADDR = 0x65;
const NEW_KEY = hex("00112233445566778899aabbccddeeff");
const OTHER_KEY = hex("0f0e0d0c0b0a09080706050403020100");

/** Records a CP ↔ PD conversation as capture entries, built with the sessions' own encoders. */
const recorder = (
  pdKey: Uint8Array | null,
  installMode: boolean,
  statusRepliesInClear?: PdSessionOptions["statusRepliesInClear"],
) => {
  const cp = makeCpSession(seededCrypto(21));
  const pd = makePdSession({
    crypto: seededCrypto(22),
    cUid: hex("0102030405060708"),
    scbk: pdKey,
    installMode,
    ...(statusRepliesInClear !== undefined && { statusRepliesInClear }),
  });
  const entries: Array<CaptureEntry> = [];
  let sqn = 0;
  let t = 0;
  const send = (command: Command, reply?: Reply) => {
    const bytes = cp.encodeCommand({ addr: ADDR, sqn, check: "crc" }, command);
    entries.push({ timeSec: 1_700_000_000, timeNano: t++ * 1000, io: "output", data: bytes });
    const frame = Either.getOrThrow(decodeFrame(bytes));
    const decoded = pd.decodeCommand(frame);
    const answer: Reply = Either.isLeft(decoded)
      ? { kind: "NAK", error: 6, detail: new Uint8Array(0) }
      : (pd.handshakeReply() ?? reply ?? { kind: "ACK" });
    const replyBytes = pd.encodeReply({ addr: ADDR, sqn, check: "crc" }, answer);
    entries.push({ timeSec: 1_700_000_000, timeNano: t++ * 1000, io: "input", data: replyBytes });
    cp.decodeReply(Either.getOrThrow(decodeFrame(replyBytes)));
    sqn = (sqn % 3) + 1;
  };
  const handshake = (key: Uint8Array) => {
    sqn = 0;
    send(cp.begin(key));
    send(cp.serverCryptogram()!);
  };
  return { entries, send, handshake };
};

const RAW: Reply = { kind: "RAW", reader: 0, format: 1, bitCount: 26, data: hex("8A2B3C40") };

describe("osdp decode", () => {
  it("prints the §8 shape for plain frames and {ok: false, error} for bad ones", () => {
    const [poll, bad, notHex] = decodeTrace(["53 65 08 00 04 60 60 90", "53 65 08 00 04 60 60 91", "zz"], {
      crypto: nodeCrypto,
    });
    expect(poll).toEqual({
      ok: true,
      dir: "cp",
      addr: 0x65,
      sqn: 0,
      check: "crc",
      scb: null,
      code: 0x60,
      name: "POLL",
      data: "",
      fields: {},
    });
    expect(bad).toMatchObject({ ok: false, error: "CRC mismatch" });
    expect(notHex).toMatchObject({ ok: false });
  });

  it("follows an install-mode session under SCBK-D, the KEYSET, and the next session under the sent key", () => {
    const rec = recorder(null, true);
    rec.handshake(SCBK_D);
    rec.send({ kind: "KEYSET", keyType: 1, key: NEW_KEY });
    rec.handshake(NEW_KEY);
    rec.send({ kind: "POLL" }, RAW);
    rec.send({ kind: "BUZ", reader: 0, tone: 2, onTime: 2, offTime: 2, count: 1 });
    // Through an osdpcap file and back, as the CLI reads it.
    const out = decodeTrace(parseCapture(writeOsdpcap(rec.entries)), { crypto: nodeCrypto }) as Array<
      Record<string, unknown>
    >;
    expect(out.filter((o) => o["ok"] !== true)).toEqual([]);
    const keyset = out.find((o) => o["name"] === "KEYSET")!;
    expect(keyset).toMatchObject({ dir: "cp", scb: { type: 0x17, data: "" }, macOk: true });
    expect(keyset["fields"]).toEqual({ keyType: 1, key: "00112233445566778899aabbccddeeff" });
    expect(keyset["plain"]).toBe("011000112233445566778899aabbccddeeff");
    const raw = out.find((o) => o["name"] === "RAW")!;
    expect(raw).toMatchObject({
      dir: "pd",
      addr: ADDR,
      scb: { type: 0x18 },
      macOk: true,
      plain: "0001" + "1a00" + "8a2b3c40",
    });
    expect(raw["fields"]).toEqual({ reader: 0, format: 1, bitCount: 26, data: "8a2b3c40" });
    expect(out.find((o) => o["name"] === "BUZ")).toMatchObject({ macOk: true, fields: { tone: 2 } });
    expect(out.filter((o) => "macOk" in o).every((o) => o["macOk"] === true)).toBe(true);
  });

  it("uses --scbk for a session under a site key, and says so when it cannot follow", () => {
    const rec = recorder(OTHER_KEY, false);
    rec.handshake(OTHER_KEY);
    rec.send({ kind: "POLL" }, RAW);
    const without = decodeTrace(rec.entries, { crypto: nodeCrypto }) as Array<Record<string, unknown>>;
    expect(without.find((o) => o["name"] === "RAW")).toMatchObject({
      macOk: null,
      plain: null,
      fields: null,
    });
    const withKey = decodeTrace(rec.entries, { crypto: nodeCrypto, scbk: OTHER_KEY }) as Array<
      Record<string, unknown>
    >;
    expect(withKey.find((o) => o["name"] === "RAW")).toMatchObject({
      macOk: true,
      plain: "00011a008a2b3c40",
    });
  });

  for (const block of [0x15, 0x16] as const)
    it(`follows a session through status replies sent in clear under 0x${block.toString(16)}, as libosdp sends them`, () => {
      const rec = recorder(OTHER_KEY, false, block);
      rec.handshake(OTHER_KEY);
      rec.send({ kind: "LSTAT" }, { kind: "LSTATR", tamper: true, powerFailure: false });
      rec.send({ kind: "ISTAT" }, { kind: "ISTATR", inputs: [1, 0] });
      rec.send({ kind: "POLL" }, RAW);
      const out = decodeTrace(rec.entries, { crypto: nodeCrypto, scbk: OTHER_KEY }) as Array<
        Record<string, unknown>
      >;
      expect(out.find((o) => o["name"] === "LSTATR")).toMatchObject({
        scb: { type: block },
        macOk: true,
        plain: "0100",
        fields: { tamper: true, powerFailure: false },
      });
      expect(out.find((o) => o["name"] === "ISTATR")).toMatchObject({
        macOk: true,
        fields: { inputs: [1, 0] },
      });
      // The MAC chain went on through them: the encrypted RAW after them still opens.
      expect(out.find((o) => o["name"] === "RAW")).toMatchObject({ macOk: true, plain: "00011a008a2b3c40" });
    });

  it("reports a tampered MAC as macOk: false", () => {
    const rec = recorder(null, true);
    rec.handshake(SCBK_D);
    rec.send({ kind: "POLL" });
    const last = rec.entries.length - 2; // the sealed POLL
    const entries = rec.entries.map((e, i) => {
      if (i !== last) return e;
      const frame = Either.getOrThrow(decodeFrame(e.data));
      const mac = frame.mac!.slice();
      mac[0] = mac[0]! ^ 1;
      return { ...e, data: encodeFrame({ ...frame, mac }) };
    });
    const out = decodeTrace(entries, { crypto: nodeCrypto }) as Array<Record<string, unknown>>;
    expect(out[last]).toMatchObject({ ok: true, name: "POLL", macOk: false, plain: null });
  });
});
