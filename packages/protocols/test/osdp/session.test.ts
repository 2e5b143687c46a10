import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  type Command,
  type CpSession,
  decodeFrame,
  encodeFrame,
  type Frame,
  makeCpSession,
  makePdSession,
  type PdSession,
  type Reply,
  SCBK_D,
  toHex,
} from "../../src/osdp";
import { hex, seededCrypto } from "./vectors";

const ADDR = 0x65;
const NEW_KEY = hex("00112233445566778899aabbccddeeff");
const frame = (bytes: Uint8Array): Frame => Either.getOrThrow(decodeFrame(bytes));

/** A CP and a PD session wired back to back, SQN handled as a CP would. */
const line = (pd: PdSession, cp: CpSession = makeCpSession(seededCrypto(1))) => {
  let sqn = 0;
  const exchange = (command: Command, options?: { tamper?: (bytes: Uint8Array) => void }) => {
    const bytes = cp.encodeCommand({ addr: ADDR, sqn, check: "crc" }, command);
    options?.tamper?.(bytes);
    sqn = (sqn % 3) + 1;
    const received = frame(bytes);
    const decoded = pd.decodeCommand(received);
    const reply: Reply = Either.isLeft(decoded)
      ? {
          kind: "NAK",
          error: decoded.left._tag === "SecureChannelError" ? 0x06 : 0x02,
          detail: new Uint8Array(0),
        }
      : (pd.handshakeReply() ?? { kind: "ACK" });
    const replyBytes = pd.encodeReply({ addr: ADDR, sqn: received.sqn, check: "crc" }, reply);
    return {
      commandFrame: received,
      pdSaw: decoded,
      replyFrame: frame(replyBytes),
      cpSaw: cp.decodeReply(frame(replyBytes)),
    };
  };
  const handshake = (scbk: Uint8Array) => {
    sqn = 0;
    const chlng = exchange(cp.begin(scbk));
    expect(Either.isRight(chlng.cpSaw)).toBe(true);
    const scrypt = cp.serverCryptogram();
    expect(scrypt).toBeDefined();
    return exchange(scrypt!);
  };
  return { cp, pd, exchange, handshake };
};

describe("Secure Channel sessions, CP and PD", () => {
  it("handshake, then MAC'd and encrypted traffic both ways", () => {
    const pd = makePdSession({ crypto: seededCrypto(2), cUid: hex("0102030405060708"), scbk: NEW_KEY });
    const { cp, exchange, handshake } = line(pd);
    const rmac = handshake(NEW_KEY);
    expect(rmac.replyFrame.scb).toEqual({ type: 0x14, data: Uint8Array.of(1) });
    expect(cp.state()).toBe("active");
    expect(pd.state()).toBe("active");

    const poll = exchange({ kind: "POLL" });
    expect(poll.commandFrame.scb?.type).toBe(0x15);
    expect(poll.replyFrame.scb?.type).toBe(0x16);
    expect(poll.cpSaw).toEqual(Either.right({ kind: "ACK" }));

    const buz: Command = {
      kind: "BUZ",
      reader: 0,
      tone: 2,
      onTime: 2,
      offTime: 2,
      count: 1,
    };
    const sealed = exchange(buz);
    expect(sealed.commandFrame.scb?.type).toBe(0x17);
    expect(sealed.commandFrame.data).toHaveLength(16); // 5 bytes, 0x80-padded to one block
    expect(sealed.pdSaw).toEqual(Either.right(buz));

    // Many round trips keep the MAC chain in step.
    for (let i = 0; i < 20; i++) expect(Either.isRight(exchange({ kind: "POLL" }).cpSaw)).toBe(true);
  });

  it("replies under SC: the PD seals data replies as SCS_18 and the CP decrypts them", () => {
    const crypto = seededCrypto(3);
    const pd = makePdSession({ crypto, cUid: hex("0102030405060708"), scbk: NEW_KEY });
    const cp = makeCpSession(seededCrypto(4));
    const { handshake } = line(pd, cp);
    handshake(NEW_KEY);
    const cmd = frame(cp.encodeCommand({ addr: ADDR, sqn: 1, check: "crc" }, { kind: "POLL" }));
    expect(Either.isRight(pd.decodeCommand(cmd))).toBe(true);
    const raw: Reply = { kind: "RAW", reader: 0, format: 1, bitCount: 26, data: hex("8A2B3C40") };
    const replyFrame = frame(pd.encodeReply({ addr: ADDR, sqn: 1, check: "crc" }, raw));
    expect(replyFrame.scb?.type).toBe(0x18);
    expect(cp.decodeReply(replyFrame)).toEqual(Either.right(raw));
  });

  it("is reproducible: the same seeds give the same bytes", () => {
    const transcript = () => {
      const pd = makePdSession({ crypto: seededCrypto(5), cUid: hex("0102030405060708"), scbk: NEW_KEY });
      const { exchange, handshake } = line(pd, makeCpSession(seededCrypto(6)));
      handshake(NEW_KEY);
      return toHex(exchange({ kind: "POLL" }).replyFrame.mac!);
    };
    expect(transcript()).toBe(transcript());
  });

  it("a bad MAC makes the PD answer NAK 0x06 and reset; the CP drops its session too", () => {
    const pd = makePdSession({ crypto: seededCrypto(7), cUid: hex("0102030405060708"), scbk: NEW_KEY });
    const { cp, exchange, handshake } = line(pd);
    handshake(NEW_KEY);
    const bad = exchange(
      { kind: "POLL" },
      {
        tamper: (bytes) => {
          // Flip a MAC bit and fix the CRC so only the MAC is wrong.
          const f = frame(bytes);
          f.mac![0] = f.mac![0]! ^ 1;
          bytes.set(encodeFrame(f));
        },
      },
    );
    expect(
      Either.isLeft(bad.pdSaw) && bad.pdSaw.left._tag === "SecureChannelError" && bad.pdSaw.left.reason,
    ).toBe("BadMac");
    expect(bad.replyFrame.scb).toBeNull();
    expect(bad.cpSaw).toMatchObject(Either.right({ kind: "NAK", error: 0x06 }));
    expect(pd.state()).toBe("inactive");
    expect(cp.state()).toBe("inactive");
  });

  it("plaintext inside a session is refused by the PD (NAK 0x06), and by the CP except NAK, BUSY and the KEYSET ACK", () => {
    const pd = makePdSession({ crypto: seededCrypto(8), cUid: hex("0102030405060708"), scbk: NEW_KEY });
    const { cp, handshake } = line(pd);
    handshake(NEW_KEY);
    const plainPoll = frame(hex("53 65 08 00 04 60 60 90"));
    expect(pd.decodeCommand(plainPoll)).toMatchObject(Either.left({ reason: "PlaintextInSession" }));
    expect(pd.state()).toBe("inactive");

    handshake(NEW_KEY);
    const busy = frame(encodePlainReply(0x79));
    expect(cp.decodeReply(busy)).toEqual(Either.right({ kind: "BUSY" }));
    expect(cp.state()).toBe("active");
    expect(cp.decodeReply(frame(encodePlainReply(0x40)))).toMatchObject(
      Either.left({ reason: "PlaintextInSession" }),
    );
    expect(cp.state()).toBe("inactive");
  });

  it("install mode: SCBK-D handshake, KEYSET of the new key (ACK in plaintext), then a new handshake at SQN 0 with it", () => {
    const pd = makePdSession({
      crypto: seededCrypto(9),
      cUid: hex("0102030405060708"),
      scbk: null,
      installMode: true,
    });
    const { cp, exchange, handshake } = line(pd);
    const chlngUnderDefault = handshake(SCBK_D);
    expect(Either.isRight(chlngUnderDefault.cpSaw)).toBe(true);

    const keyset = exchange({ kind: "KEYSET", keyType: 1, key: NEW_KEY });
    expect(keyset.commandFrame.scb?.type).toBe(0x17);
    expect(keyset.replyFrame.scb).toBeNull();
    expect(keyset.cpSaw).toEqual(Either.right({ kind: "ACK" }));
    expect(toHex(cp.confirmedKey()!)).toBe(toHex(NEW_KEY));
    expect(toHex(pd.scbk()!)).toBe(toHex(NEW_KEY));
    expect([cp.state(), pd.state()]).toEqual(["inactive", "inactive"]);

    // Out of install mode now: SCBK-D is refused, the new key works.
    const refused = line(pd, makeCpSession(seededCrypto(10)));
    const chlng = refused.exchange(refused.cp.begin(SCBK_D));
    expect(chlng.pdSaw).toMatchObject(Either.left({ reason: "NoKey" }));
    const again = handshake(NEW_KEY);
    expect(again.commandFrame.sqn).toBe(1);
    expect([cp.state(), pd.state()]).toEqual(["active", "active"]);
  });

  it("a wrong key fails the handshake on the CP side (bad cryptogram)", () => {
    const pd = makePdSession({ crypto: seededCrypto(11), cUid: hex("0102030405060708"), scbk: NEW_KEY });
    const { cp, exchange } = line(pd);
    const chlng = exchange(cp.begin(hex("ffeeddccbbaa99887766554433221100")));
    expect(chlng.cpSaw).toMatchObject(Either.left({ reason: "BadCryptogram" }));
    expect(cp.state()).toBe("inactive");
  });
});

const encodePlainReply = (code: number): Uint8Array =>
  encodeFrame({
    addr: ADDR,
    reply: true,
    sqn: 1,
    check: "crc",
    scb: null,
    code,
    data: new Uint8Array(0),
    mac: null,
  });
