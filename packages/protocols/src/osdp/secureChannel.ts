/** Secure Channel math (SIA OSDP Annex E): session keys, cryptograms, RMAC-I, the MAC chain and data encryption. */
import { Either } from "effect";
import type { BlockCipher, Crypto } from "../crypto";
import { SecureChannelError } from "./errors";
import {
  carriesMac,
  checkLength,
  type Frame,
  type FrameCheck,
  frameLength,
  HEADER_LENGTH,
  MAC_LENGTH,
  writeCheck,
  writeFrameBody,
  writeHeader,
} from "./frame";
import { ReplyCode, ScbType } from "./codes";

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

const ZERO_IV = new Uint8Array(16);

// One block under a key alone (AES-ECB): CBC from a zero IV.
const encryptOne = (cipher: BlockCipher, block: Uint8Array): Uint8Array => {
  const out = new Uint8Array(16);
  cipher.encrypt(ZERO_IV, block, 0, 16, out, 0);
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

// Scratch blocks shared by every session: the code using them is synchronous and a cipher copies its input before
// it writes, so no call can see another's bytes. At a frame per link every few microseconds an allocation costs as
// much as an AES block.
const lastBlock = new Uint8Array(16);
const ivBlock = new Uint8Array(16);

/**
 * Writes into `out` the 16-byte MAC of `bytes[0, length)`: AES-CBC from `iv` with S-MAC1 on every block but the
 * last and S-MAC2 on the last — one S-MAC1 pass over the leading blocks, then the last block under S-MAC2 chained
 * from it. The input is 0x80-padded only when it is not block aligned (as libosdp does; an SC frame's MAC input is
 * never aligned since its header is 8 bytes). `out` may be `iv`.
 */
export const macInto = (
  ciphers: SessionCiphers,
  iv: Uint8Array,
  bytes: Uint8Array,
  length: number,
  out: Uint8Array,
): void => {
  const lastStart = length > 0 ? ((length - 1) >>> 4) << 4 : 0;
  const last = lastBlock;
  for (let j = 0; j < 16; j++) {
    const i = lastStart + j;
    last[j] = i < length ? bytes[i]! : i === length ? 0x80 : 0;
  }
  let chain = iv;
  if (lastStart > 0) {
    ciphers.sMac1.encryptLast(iv, bytes, 0, lastStart, out);
    chain = out;
  }
  ciphers.sMac2.encryptLast(chain, last, 0, 16, out);
};

/** The 16-byte MAC of `bytes[0, length)` chained from `iv` (see {@link macInto}). */
export const computeMac = (
  ciphers: SessionCiphers,
  iv: Uint8Array,
  bytes: Uint8Array,
  length: number,
): Uint8Array => {
  const out = new Uint8Array(16);
  macInto(ciphers, iv, bytes, length, out);
  return out;
};

// Data is encrypted from the NOT of the MAC that precedes it in the chain (Annex E).
const notOf = (mac: Uint8Array): Uint8Array => {
  for (let j = 0; j < 16; j++) ivBlock[j] = ~mac[j]! & 0xff;
  return ivBlock;
};

/** Bytes `plain` takes once encrypted: always 0x80-padded, so 16 bytes become 32. */
const encryptedLength = (plain: Uint8Array): number => (plain.length + 16) & ~15;

/** Encrypts `plain` with S-ENC in CBC mode, IV = NOT of `mac`, into `out` at `offset`, in one cipher call. */
const encryptInto = (
  ciphers: SessionCiphers,
  mac: Uint8Array,
  plain: Uint8Array,
  out: Uint8Array,
  offset: number,
): void => {
  // Padded in place, then encrypted in place: the cipher reads its input before it writes.
  const length = encryptedLength(plain);
  out.set(plain, offset);
  out[offset + plain.length] = 0x80;
  out.fill(0, offset + plain.length + 1, offset + length);
  ciphers.sEnc.encrypt(notOf(mac), out, offset, length, out, offset);
};

/** Encrypts data with S-ENC in CBC mode, IV = NOT of `mac`; always 0x80-padded, so 16 bytes become 32. */
export const encryptData = (ciphers: SessionCiphers, mac: Uint8Array, plain: Uint8Array): Uint8Array => {
  const out = new Uint8Array(encryptedLength(plain));
  encryptInto(ciphers, mac, plain, out, 0);
  return out;
};

/** Decrypts data encrypted by `encryptData`; undefined when the length or the 0x80 padding is wrong. */
export const decryptData = (
  ciphers: SessionCiphers,
  mac: Uint8Array,
  encrypted: Uint8Array,
): Uint8Array | undefined => {
  if (encrypted.length === 0 || encrypted.length % 16 !== 0) return undefined;
  const plain = new Uint8Array(encrypted.length);
  ciphers.sEnc.decrypt(notOf(mac), encrypted, 0, encrypted.length, plain, 0);
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

// The 4 MAC bytes sent are the first 4 of the 16 computed; compared in constant time.
const macMatches = (full: Uint8Array, sent: Uint8Array): boolean => {
  let diff = sent.length ^ MAC_LENGTH;
  for (let i = 0; i < MAC_LENGTH; i++) diff |= full[i]! ^ (sent[i] ?? 0);
  return diff === 0;
};

const failure = (reason: SecureChannelError["reason"], message: string) =>
  Either.left(new SecureChannelError({ reason, message }));

/** SEC_BLK_LEN and SEC_BLK_TYPE: the 0x15–0x18 blocks carry no SEC_BLK_DATA. */
const SCB_LENGTH = 2;

/** The status replies libosdp sends with their data in clear, under SCS_16 or even the command block SCS_15. */
const STATUS_REPLIES: ReadonlySet<number> = new Set([
  ReplyCode.LSTATR,
  ReplyCode.ISTATR,
  ReplyCode.OSTATR,
  ReplyCode.RSTATR,
]);

/** How a frame's data travels under its MAC: encrypted (SCS_17/18) or in clear (SCS_15/16). */
type DataProtection = "encrypted" | "clear";

/**
 * How the data of a MAC'd frame of block `type` travels, undefined for a block that does not belong: SCS_15/16 in
 * clear, SCS_17/18 encrypted, each in its own direction. libosdp sends status replies under SCS_15 with clear data;
 * their MAC still chains from the command's, so they are taken, MAC verified, as SCS_16 would be.
 */
const dataProtection = (
  type: number | undefined,
  reply: boolean,
  code: number,
): DataProtection | undefined => {
  if (type === (reply ? ScbType.REPLY_MAC : ScbType.COMMAND_MAC)) return "clear";
  if (type === (reply ? ScbType.REPLY_ENCRYPTED : ScbType.COMMAND_ENCRYPTED)) return "encrypted";
  return reply && type === ScbType.COMMAND_MAC && STATUS_REPLIES.has(code) ? "clear" : undefined;
};

/**
 * An established Secure Channel: the session ciphers and the two ends of the MAC chain. A command's MAC starts
 * from the last reply's full MAC (`rMac`, RMAC-I at first) and a reply's from its command's (`cMac`); 4 bytes
 * travel, 16 are kept. CP and PD hold one each and the decoder follows one per PD.
 *
 * A link holds its MACs and scratch space in place: at line rates of a frame every few milliseconds that is
 * moot, but a CP polling many PDs spends its time here, and an allocation costs as much as an AES block.
 */
export class SecureLink {
  private readonly cMac: Uint8Array;
  private readonly rMac: Uint8Array;
  private readonly candidate = new Uint8Array(16);
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
    return this.seal(header, false, code, data, this.rMac, this.cMac);
  }

  /** Encodes a reply under SCS_16 (no data) or SCS_18 (encrypted data) and advances the chain. */
  sealReply(header: FrameHeader, code: number, data: Uint8Array): Uint8Array {
    return this.seal(header, true, code, data, this.cMac, this.rMac);
  }

  /**
   * Encodes a reply with its data in clear under `type` (SCS_16, or SCS_15 as libosdp sends status replies) and
   * advances the chain: what a PD simulating libosdp sends.
   */
  sealReplyInClear(
    header: FrameHeader,
    code: number,
    data: Uint8Array,
    type: typeof ScbType.COMMAND_MAC | typeof ScbType.REPLY_MAC,
  ): Uint8Array {
    return this.seal(header, true, code, data, this.cMac, this.rMac, type);
  }

  /** Verifies a command's MAC and decrypts its data; the chain advances only on success. */
  openCommand(frame: Frame): Either.Either<Uint8Array, SecureChannelError> {
    return this.open(frame, false, this.rMac, this.cMac);
  }

  /** Verifies a reply's MAC and decrypts its data; the chain advances only on success. */
  openReply(frame: Frame): Either.Either<Uint8Array, SecureChannelError> {
    return this.open(frame, true, this.cMac, this.rMac);
  }

  /**
   * Lays the frame out in place: header, security block, code, data encrypted from `chain` (or in clear under
   * `clearType`), MAC into `next`.
   */
  private seal(
    header: FrameHeader,
    reply: boolean,
    code: number,
    data: Uint8Array,
    chain: Uint8Array,
    next: Uint8Array,
    clearType?: number,
  ): Uint8Array {
    const encrypted = clearType === undefined && data.length > 0;
    const type =
      clearType ??
      (reply
        ? encrypted
          ? ScbType.REPLY_ENCRYPTED
          : ScbType.REPLY_MAC
        : encrypted
          ? ScbType.COMMAND_ENCRYPTED
          : ScbType.COMMAND_MAC);
    const codeOffset = HEADER_LENGTH + SCB_LENGTH;
    const macOffset =
      codeOffset + 1 + (encrypted ? encryptedLength(data) : clearType === undefined ? 0 : data.length);
    const bytes = new Uint8Array(macOffset + MAC_LENGTH + checkLength(header.check));
    writeHeader(bytes, header.addr, reply, header.sqn, header.check, bytes.length, true);
    bytes[HEADER_LENGTH] = SCB_LENGTH;
    bytes[HEADER_LENGTH + 1] = type;
    bytes[codeOffset] = code;
    if (encrypted) encryptInto(this.ciphers, chain, data, bytes, codeOffset + 1);
    else if (data.length > 0) bytes.set(data, codeOffset + 1);
    macInto(this.ciphers, chain, bytes, macOffset, next);
    for (let j = 0; j < MAC_LENGTH; j++) bytes[macOffset + j] = next[j]!;
    writeCheck(bytes, header.check);
    return bytes;
  }

  private open(
    frame: Frame,
    reply: boolean,
    chain: Uint8Array,
    next: Uint8Array,
  ): Either.Either<Uint8Array, SecureChannelError> {
    const withMac = reply ? ScbType.REPLY_MAC : ScbType.COMMAND_MAC;
    const withData = reply ? ScbType.REPLY_ENCRYPTED : ScbType.COMMAND_ENCRYPTED;
    const type = frame.scb?.type;
    const protection = dataProtection(type, reply, frame.code);
    if (type === undefined || protection === undefined)
      return failure(
        "UnsupportedBlock",
        `security block ${type ?? "none"} where 0x${withMac.toString(16)}/0x${withData.toString(16)} belongs`,
      );
    if (frame.mac === null || !carriesMac(type)) return failure("BadMac", "frame carries no MAC");
    // The MAC input is rebuilt in a scratch buffer kept by the link: no allocation per frame.
    const length = frameLength(frame);
    if (this.scratch.length < length) this.scratch = new Uint8Array(length);
    macInto(this.ciphers, chain, this.scratch, writeFrameBody(frame, this.scratch), this.candidate);
    if (!macMatches(this.candidate, frame.mac)) return failure("BadMac", "MAC mismatch");
    let plain = frame.data;
    if (protection === "encrypted") {
      const decrypted = decryptData(this.ciphers, chain, frame.data);
      if (decrypted === undefined) return failure("BadPadding", "decrypted data lacks the 0x80 end marker");
      plain = decrypted;
    }
    // The chain advances only now: a frame that fails leaves it where it was.
    for (let j = 0; j < 16; j++) next[j] = this.candidate[j]!;
    return Either.right(plain);
  }
}
