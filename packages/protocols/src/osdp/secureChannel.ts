/** Secure Channel math (SIA OSDP Annex E): session keys, cryptograms, RMAC-I, the MAC chain and data encryption. */
import { Either } from "effect";
import { type BlockCipher, type Crypto, cbcDecrypt, cbcEncrypt } from "../crypto";
import { SecureChannelError } from "./errors";
import {
  carriesMac,
  type Frame,
  type FrameCheck,
  frameLength,
  layoutFrame,
  MAC_LENGTH,
  writeCheck,
  writeFrameBody,
} from "./frame";
import { ScbType } from "./codes";

/** The three session keys (Annex E "S-ENC", "S-MAC1", "S-MAC2"). */
export interface SessionKeys {
  readonly sEnc: Uint8Array;
  readonly sMac1: Uint8Array;
  readonly sMac2: Uint8Array;
}

const sessionKeyInput = (label: number, rndA: Uint8Array): Uint8Array => {
  // Annex E: 0x01, a per-key label, RND.A[0..5], zero-padded to one block.
  const block = new Uint8Array(16);
  block[0] = 0x01;
  block[1] = label;
  block.set(rndA.subarray(0, 6), 2);
  return block;
};

const encryptOne = (cipher: BlockCipher, block: Uint8Array): Uint8Array => {
  const out = new Uint8Array(16);
  cipher.encryptBlock(block, 0, out, 0);
  return out;
};

/** Derives S-ENC, S-MAC1 and S-MAC2 from the SCBK and the CP's RND.A. */
export const deriveSessionKeys = (crypto: Crypto, scbk: Uint8Array, rndA: Uint8Array): SessionKeys => {
  const base = crypto.aes128(scbk);
  return {
    sEnc: encryptOne(base, sessionKeyInput(0x82, rndA)),
    sMac1: encryptOne(base, sessionKeyInput(0x01, rndA)),
    sMac2: encryptOne(base, sessionKeyInput(0x02, rndA)),
  };
};

/** The session keys as reusable ciphers (one key schedule per key for the whole session). */
export interface SessionCiphers {
  readonly sEnc: BlockCipher;
  readonly sMac1: BlockCipher;
  readonly sMac2: BlockCipher;
}

/** Makes the reusable ciphers of a session. */
export const sessionCiphers = (crypto: Crypto, keys: SessionKeys): SessionCiphers => ({
  sEnc: crypto.aes128(keys.sEnc),
  sMac1: crypto.aes128(keys.sMac1),
  sMac2: crypto.aes128(keys.sMac2),
});

const twoHalves = (first: Uint8Array, second: Uint8Array): Uint8Array => {
  const block = new Uint8Array(16);
  block.set(first.subarray(0, 8), 0);
  block.set(second.subarray(0, 8), 8);
  return block;
};

/** The client cryptogram the PD sends in CCRYPT: AES(S-ENC, RND.A ‖ RND.B). */
export const clientCryptogram = (ciphers: SessionCiphers, rndA: Uint8Array, rndB: Uint8Array): Uint8Array =>
  encryptOne(ciphers.sEnc, twoHalves(rndA, rndB));

/** The server cryptogram the CP sends in SCRYPT: AES(S-ENC, RND.B ‖ RND.A). */
export const serverCryptogram = (ciphers: SessionCiphers, rndA: Uint8Array, rndB: Uint8Array): Uint8Array =>
  encryptOne(ciphers.sEnc, twoHalves(rndB, rndA));

/** RMAC-I, the first link of the MAC chain: AES(S-MAC2, AES(S-MAC1, server cryptogram)). */
export const initialRmac = (ciphers: SessionCiphers, serverCryptogramBytes: Uint8Array): Uint8Array =>
  encryptOne(ciphers.sMac2, encryptOne(ciphers.sMac1, serverCryptogramBytes));

/**
 * The 16-byte MAC of `bytes[0, length)`: AES-CBC from `iv` with S-MAC1 on every block but the last and S-MAC2 on
 * the last. The input is 0x80-padded only when it is not block aligned (as libosdp does; an SC frame's MAC input is
 * never aligned since its header is 8 bytes).
 */
export const computeMac = (
  ciphers: SessionCiphers,
  iv: Uint8Array,
  bytes: Uint8Array,
  length: number,
): Uint8Array => {
  const padded = (length + 15) & ~15;
  const state = new Uint8Array(16);
  state.set(iv);
  for (let offset = 0; offset < padded; offset += 16) {
    for (let j = 0; j < 16; j++) {
      const i = offset + j;
      state[j] = state[j]! ^ (i < length ? bytes[i]! : i === length ? 0x80 : 0);
    }
    (offset + 16 < padded ? ciphers.sMac1 : ciphers.sMac2).encryptBlock(state, 0, state, 0);
  }
  return state;
};

const notOf = (mac: Uint8Array): Uint8Array => {
  const iv = new Uint8Array(16);
  for (let j = 0; j < 16; j++) iv[j] = ~mac[j]! & 0xff;
  return iv;
};

/** Encrypts data with S-ENC in CBC mode, IV = NOT of `mac`; always 0x80-padded, so 16 bytes become 32. */
export const encryptData = (ciphers: SessionCiphers, mac: Uint8Array, plain: Uint8Array): Uint8Array => {
  const padded = new Uint8Array((plain.length + 16) & ~15);
  padded.set(plain);
  padded[plain.length] = 0x80;
  return cbcEncrypt(ciphers.sEnc, notOf(mac), padded);
};

/** Decrypts data encrypted by `encryptData`; undefined when the length or the 0x80 padding is wrong. */
export const decryptData = (
  ciphers: SessionCiphers,
  mac: Uint8Array,
  encrypted: Uint8Array,
): Uint8Array | undefined => {
  if (encrypted.length === 0 || encrypted.length % 16 !== 0) return undefined;
  const plain = cbcDecrypt(ciphers.sEnc, notOf(mac), encrypted);
  let end = plain.length - 1;
  while (end > 0 && plain[end] === 0) end--;
  return plain[end] === 0x80 ? plain.subarray(0, end) : undefined;
};

/** Where a Secure Channel session stands: no session, a handshake under way, or MAC'd traffic. */
export type SessionState = "inactive" | "handshake" | "active";

/** Header fields of a frame to seal; the link adds the security block, MAC and (if any data) encryption. */
export interface FrameHeader {
  readonly addr: number;
  readonly sqn: number;
  readonly check: FrameCheck;
}

const ZERO_MAC = new Uint8Array(MAC_LENGTH);

// The 4 MAC bytes sent are the first 4 of the 16 computed; compared in constant time.
const macMatches = (full: Uint8Array, sent: Uint8Array): boolean => {
  let diff = sent.length ^ MAC_LENGTH;
  for (let i = 0; i < MAC_LENGTH; i++) diff |= full[i]! ^ (sent[i] ?? 0);
  return diff === 0;
};
const NO_BYTES = new Uint8Array(0);

const failure = (reason: SecureChannelError["reason"], message: string) =>
  Either.left(new SecureChannelError({ reason, message }));

/**
 * An established Secure Channel: the session ciphers and the two ends of the MAC chain. A command's MAC starts
 * from the last reply's full MAC (`rMac`, RMAC-I at first) and a reply's from its command's (`cMac`); 4 bytes
 * travel, 16 are kept. CP and PD hold one each and the decoder follows one per PD.
 */
export class SecureLink {
  private cMac: Uint8Array;
  private rMac: Uint8Array;
  private scratch = new Uint8Array(64);

  /** Starts the chain at RMAC-I. */
  constructor(
    readonly ciphers: SessionCiphers,
    rmacI: Uint8Array,
  ) {
    this.rMac = rmacI.slice();
    this.cMac = rmacI.slice();
  }

  /** Encodes a command under SCS_15 (no data) or SCS_17 (encrypted data) and advances the chain. */
  sealCommand(header: FrameHeader, code: number, data: Uint8Array): Uint8Array {
    const sealed = this.seal(header, false, code, data, this.rMac);
    this.cMac = sealed.mac;
    return sealed.bytes;
  }

  /** Encodes a reply under SCS_16 (no data) or SCS_18 (encrypted data) and advances the chain. */
  sealReply(header: FrameHeader, code: number, data: Uint8Array): Uint8Array {
    const sealed = this.seal(header, true, code, data, this.cMac);
    this.rMac = sealed.mac;
    return sealed.bytes;
  }

  /** Verifies a command's MAC and decrypts its data; the chain advances only on success. */
  openCommand(frame: Frame): Either.Either<Uint8Array, SecureChannelError> {
    const opened = this.open(frame, false, this.rMac);
    if (Either.isLeft(opened)) return Either.left(opened.left);
    this.cMac = opened.right.mac;
    return Either.right(opened.right.plain);
  }

  /** Verifies a reply's MAC and decrypts its data; the chain advances only on success. */
  openReply(frame: Frame): Either.Either<Uint8Array, SecureChannelError> {
    const opened = this.open(frame, true, this.cMac);
    if (Either.isLeft(opened)) return Either.left(opened.left);
    this.rMac = opened.right.mac;
    return Either.right(opened.right.plain);
  }

  private seal(header: FrameHeader, reply: boolean, code: number, data: Uint8Array, chain: Uint8Array) {
    const encrypted = data.length > 0;
    const type = reply
      ? encrypted
        ? ScbType.REPLY_ENCRYPTED
        : ScbType.REPLY_MAC
      : encrypted
        ? ScbType.COMMAND_ENCRYPTED
        : ScbType.COMMAND_MAC;
    // Fields spelled out: an object spread here costs more than the AES block (V8 clones it slowly).
    const { bytes, macOffset } = layoutFrame({
      addr: header.addr,
      sqn: header.sqn,
      check: header.check,
      reply,
      scb: { type, data: NO_BYTES },
      code,
      data: encrypted ? encryptData(this.ciphers, chain, data) : data,
      mac: ZERO_MAC,
    });
    const mac = computeMac(this.ciphers, chain, bytes, macOffset);
    bytes.set(mac.subarray(0, MAC_LENGTH), macOffset);
    writeCheck(bytes, header.check);
    return { bytes, mac };
  }

  private open(frame: Frame, reply: boolean, chain: Uint8Array) {
    const [withMac, withData] = reply
      ? [ScbType.REPLY_MAC, ScbType.REPLY_ENCRYPTED]
      : [ScbType.COMMAND_MAC, ScbType.COMMAND_ENCRYPTED];
    const type = frame.scb?.type;
    if (type !== withMac && type !== withData)
      return failure(
        "UnsupportedBlock",
        `security block ${type ?? "none"} where 0x${withMac.toString(16)}/0x${withData.toString(16)} belongs`,
      );
    if (frame.mac === null || !carriesMac(type)) return failure("BadMac", "frame carries no MAC");
    // The MAC input is rebuilt in a scratch buffer kept by the link: no allocation per frame.
    const length = frameLength(frame);
    if (this.scratch.length < length) this.scratch = new Uint8Array(length);
    const mac = computeMac(this.ciphers, chain, this.scratch, writeFrameBody(frame, this.scratch));
    if (!macMatches(mac, frame.mac)) return failure("BadMac", "MAC mismatch");
    if (type === withMac) return Either.right({ mac, plain: frame.data });
    const plain = decryptData(this.ciphers, chain, frame.data);
    return plain === undefined
      ? failure("BadPadding", "decrypted data lacks the 0x80 end marker")
      : Either.right({ mac, plain });
  }
}
