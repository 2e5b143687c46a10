/** The peripheral device's side of a Secure Channel session: answering the handshake, opening commands, sealing replies. */
import { Either } from "effect";
import type { Crypto } from "../crypto";
import { constantTimeEqual } from "./bytes";
import { CommandCode, ScbType } from "./codes";
import { type MessageError, SecureChannelError } from "./errors";
import { encodeFrame, type Frame, type SecurityBlock } from "./frame";
import { type Command, decodeCommand, encodeReply, KEY_TYPE_SCBK, type Reply } from "./messages";
import { SCBK_D } from "./scbk";
import {
  clientCryptogram,
  deriveSessionKeys,
  type FrameHeader,
  initialRmac,
  SecureLink,
  serverCryptogram,
  type SessionCiphers,
  sessionCiphers,
  type SessionState,
} from "./secureChannel";

/** What a PD knows before any session: its cUID, its SCBK (null before the first KEYSET) and install mode. */
export interface PdSessionOptions {
  readonly crypto: Crypto;
  /** The 8-byte client UID sent in CCRYPT. */
  readonly cUid: Uint8Array;
  readonly scbk: Uint8Array | null;
  /** In install mode the PD also accepts a handshake under SCBK-D. */
  readonly installMode?: boolean;
  /**
   * In a session, send LSTATR, ISTATR, OSTATR and RSTATR with their data in clear under this block (SCS_16, or
   * SCS_15 in a reply) instead of encrypted under SCS_18, as libosdp does. Default: encrypted.
   */
  readonly statusRepliesInClear?: typeof ScbType.COMMAND_MAC | typeof ScbType.REPLY_MAC;
}

const STATUS_REPLY_KINDS: ReadonlySet<Reply["kind"]> = new Set(["LSTATR", "ISTATR", "OSTATR", "RSTATR"]);

/** A PD's Secure Channel session with its CP. */
export interface PdSession {
  readonly state: () => SessionState;
  /**
   * Checks and decodes a command. A Secure Channel error (bad MAC, plaintext inside a session, an unknown or
   * unexpected block, a refused handshake) has already reset the session: answer NAK 0x06 in plaintext.
   */
  readonly decodeCommand: (frame: Frame) => Either.Either<Command, SecureChannelError | MessageError>;
  /** The reply the handshake itself owes the last command: CCRYPT after CHLNG, RMAC_I after SCRYPT. */
  readonly handshakeReply: () => Reply | undefined;
  /**
   * Encodes a reply: CCRYPT/RMAC_I with their blocks, SCS_16/18 when active, plaintext otherwise. BUSY and the
   * ACK to KEYSET go in plaintext; that ACK ends the session and the PD adopts the new key.
   */
  readonly encodeReply: (header: FrameHeader, reply: Reply) => Uint8Array;
  /** The SCBK the PD holds now. */
  readonly scbk: () => Uint8Array | null;
  readonly setInstallMode: (on: boolean) => void;
}

interface Handshake {
  readonly flag: number;
  readonly rndA: Uint8Array;
  readonly rndB: Uint8Array;
  readonly ciphers: SessionCiphers;
}

const fail = (reason: SecureChannelError["reason"], message: string) =>
  Either.left(new SecureChannelError({ reason, message }));

/** Makes a PD session; all randomness comes from `options.crypto.random`. */
export const makePdSession = (options: PdSessionOptions): PdSession => {
  const { crypto, cUid } = options;
  let scbk = options.scbk;
  let installMode = options.installMode ?? false;
  let handshake: Handshake | undefined;
  let link: SecureLink | undefined;
  let owed: Reply | undefined;
  let lastCommand: Command | undefined;

  const reset = () => {
    handshake = undefined;
    link = undefined;
    owed = undefined;
  };

  // Any Secure Channel violation drops the session (Annex D: NAK 0x06, then the CP must start over).
  const refuse = (reason: SecureChannelError["reason"], message: string) => {
    reset();
    return fail(reason, message);
  };

  const remember = <E>(decoded: Either.Either<Command, E>) => {
    lastCommand = Either.isRight(decoded) ? decoded.right : undefined;
    return decoded;
  };

  const challenge = (frame: Frame, command: Command) => {
    if (command.kind !== "CHLNG")
      return refuse("UnexpectedMessage", "block 0x11 on a command other than CHLNG");
    // SEC_BLK_DATA 0x00 asks for SCBK-D, which a PD accepts only in install mode or before it has a key.
    const flag = frame.scb?.data[0] ?? 0x01;
    const key = flag === 0x00 ? (installMode || scbk === null ? SCBK_D : null) : scbk;
    if (key === null)
      return refuse("NoKey", flag === 0x00 ? "SCBK-D refused outside install mode" : "no SCBK");
    const rndB = crypto.random(8);
    const ciphers = sessionCiphers(crypto, deriveSessionKeys(crypto, key, command.rndA));
    handshake = { flag, rndA: command.rndA, rndB, ciphers };
    owed = { kind: "CCRYPT", cUid, rndB, clientCryptogram: clientCryptogram(ciphers, command.rndA, rndB) };
    return Either.right(command);
  };

  const serverCrypt = (command: Command) => {
    if (handshake === undefined || command.kind !== "SCRYPT")
      return refuse("UnexpectedMessage", "SCRYPT without CHLNG");
    const expected = serverCryptogram(handshake.ciphers, handshake.rndA, handshake.rndB);
    if (!constantTimeEqual(expected, command.serverCryptogram))
      return refuse("BadCryptogram", "the CP's server cryptogram does not match");
    const rmacI = initialRmac(handshake.ciphers, command.serverCryptogram);
    link = new SecureLink(handshake.ciphers, rmacI);
    owed = { kind: "RMAC_I", rmacI };
    return Either.right(command);
  };

  const decode = (frame: Frame): Either.Either<Command, SecureChannelError | MessageError> => {
    owed = undefined;
    const type = frame.scb?.type;
    if (type === ScbType.CHLNG || type === ScbType.SCRYPT) {
      const decoded = decodeCommand(frame.code, frame.data);
      if (Either.isLeft(decoded)) return refuse("UnexpectedMessage", decoded.left.message);
      if (type === ScbType.CHLNG) {
        reset();
        return challenge(frame, decoded.right);
      }
      return serverCrypt(decoded.right);
    }
    if (link === undefined) {
      if (type !== undefined)
        return refuse("NotActive", `security block 0x${type.toString(16)} without a session`);
      if (frame.code === CommandCode.KEYSET) return refuse("NotActive", "KEYSET outside a session");
      if (handshake !== undefined) reset();
      return decodeCommand(frame.code, frame.data);
    }
    if (type === undefined) return refuse("PlaintextInSession", "plaintext command inside a session");
    const opened = link.openCommand(frame);
    if (Either.isLeft(opened)) return refuse(opened.left.reason, opened.left.message);
    return decodeCommand(frame.code, opened.right);
  };

  const plain = (header: FrameHeader, reply: Reply, scb: SecurityBlock | null) =>
    encodeFrame({ ...header, reply: true, scb, ...encodeReply(reply), mac: null });

  return {
    state: () => (link !== undefined ? "active" : handshake !== undefined ? "handshake" : "inactive"),
    decodeCommand: (frame) => remember(decode(frame)),
    handshakeReply: () => owed,
    encodeReply: (header, reply) => {
      if (reply.kind === "CCRYPT")
        return plain(header, reply, { type: ScbType.CCRYPT, data: Uint8Array.of(handshake?.flag ?? 0x01) });
      // SEC_BLK_DATA 0x01: the CP's cryptogram was accepted (a refused one gets NAK 0x06 instead).
      if (reply.kind === "RMAC_I")
        return plain(header, reply, { type: ScbType.RMAC_I, data: Uint8Array.of(0x01) });
      if (link === undefined || reply.kind === "BUSY") return plain(header, reply, null);
      if (reply.kind === "ACK" && lastCommand?.kind === "KEYSET" && lastCommand.keyType === KEY_TYPE_SCBK) {
        scbk = lastCommand.key;
        installMode = false;
        reset();
        return plain(header, reply, null);
      }
      const { code, data } = encodeReply(reply);
      const clearType = options.statusRepliesInClear;
      if (clearType !== undefined && STATUS_REPLY_KINDS.has(reply.kind))
        return link.sealReplyInClear(header, code, data, clearType);
      return link.sealReply(header, code, data);
    },
    scbk: () => scbk,
    setInstallMode: (on) => {
      installMode = on;
    },
  };
};
