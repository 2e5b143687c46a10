/** The control panel's side of a Secure Channel session: handshake, sealing commands, opening replies. */
import { Either } from "effect";
import type { Crypto } from "../crypto";
import { constantTimeEqual } from "./bytes";
import { NakCode, ReplyCode, ScbType } from "./codes";
import { type MessageError, SecureChannelError } from "./errors";
import { encodeFrame, type Frame, type SecurityBlock } from "./frame";
import {
  type Challenge,
  type Command,
  decodeReply,
  encodeCommand,
  KEY_TYPE_SCBK,
  type Reply,
  type ServerCryptogram,
} from "./messages";
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

/** A CP's Secure Channel session with one PD. */
export interface CpSession {
  readonly state: () => SessionState;
  /** Starts a handshake with `scbk` (SCBK-D in install mode): the CHLNG to send, with a fresh RND.A. */
  readonly begin: (scbk: Uint8Array) => Challenge;
  /** The SCRYPT to send once `decodeReply` accepted the PD's CCRYPT. */
  readonly serverCryptogram: () => ServerCryptogram | undefined;
  /** Encodes a command: CHLNG/SCRYPT with their handshake blocks, SCS_15/17 when active, plaintext otherwise. */
  readonly encodeCommand: (header: FrameHeader, command: Command) => Uint8Array;
  /**
   * Checks and decodes a reply. Handshake replies are verified (CCRYPT's cryptogram, RMAC_I); when active, MACs are
   * verified and data decrypted, and plaintext is refused except BUSY, NAK and the ACK to KEYSET. A Secure Channel
   * error or a NAK 0x06 ends the session.
   */
  readonly decodeReply: (frame: Frame) => Either.Either<Reply, SecureChannelError | MessageError>;
  /** The key a KEYSET ACK confirmed: the next handshake (at SQN 0) must use it. */
  readonly confirmedKey: () => Uint8Array | undefined;
  readonly reset: () => void;
}

interface Handshake {
  readonly scbk: Uint8Array;
  readonly rndA: Uint8Array;
  ciphers?: SessionCiphers;
  scrypt?: Uint8Array;
}

const keyFlag = (scbk: Uint8Array): number => (constantTimeEqual(scbk, SCBK_D) ? 0x00 : 0x01);

const fail = (reason: SecureChannelError["reason"], message: string) =>
  Either.left(new SecureChannelError({ reason, message }));

/** Makes a CP session; all randomness comes from `crypto.random`. */
export const makeCpSession = (crypto: Crypto): CpSession => {
  let handshake: Handshake | undefined;
  let link: SecureLink | undefined;
  let lastCommand: Command | undefined;
  let confirmedKey: Uint8Array | undefined;

  const reset = () => {
    handshake = undefined;
    link = undefined;
  };

  const plainFrame = (header: FrameHeader, command: Command, scb: SecurityBlock | null) =>
    encodeFrame({ ...header, reply: false, scb, ...encodeCommand(command), mac: null });

  const acceptCcrypt = (frame: Frame, reply: Reply) => {
    if (handshake === undefined || reply.kind !== "CCRYPT")
      return fail("UnexpectedMessage", "CCRYPT without CHLNG");
    const ciphers = sessionCiphers(crypto, deriveSessionKeys(crypto, handshake.scbk, handshake.rndA));
    const expected = clientCryptogram(ciphers, handshake.rndA, reply.rndB);
    if (
      !constantTimeEqual(expected, reply.clientCryptogram) ||
      frame.scb?.data[0] !== keyFlag(handshake.scbk)
    ) {
      reset();
      return fail("BadCryptogram", "the PD's client cryptogram does not match this key");
    }
    handshake.ciphers = ciphers;
    handshake.scrypt = serverCryptogram(ciphers, handshake.rndA, reply.rndB);
    return Either.right(reply);
  };

  const acceptRmacI = (frame: Frame, reply: Reply) => {
    const ciphers = handshake?.ciphers;
    const scrypt = handshake?.scrypt;
    if (ciphers === undefined || scrypt === undefined || reply.kind !== "RMAC_I")
      return fail("UnexpectedMessage", "RMAC_I without SCRYPT");
    // SEC_BLK_DATA 0x01: the PD accepted our server cryptogram.
    if (frame.scb?.data[0] !== 0x01 || !constantTimeEqual(initialRmac(ciphers, scrypt), reply.rmacI)) {
      reset();
      return fail("BadCryptogram", "RMAC-I refused or wrong");
    }
    link = new SecureLink(ciphers, reply.rmacI);
    handshake = undefined;
    return Either.right(reply);
  };

  // Inside a session, the ACK to KEYSET ends it: the PD now holds the new key.
  const afterReply = (reply: Reply): Either.Either<Reply, never> => {
    if (reply.kind === "ACK" && lastCommand?.kind === "KEYSET" && lastCommand.keyType === KEY_TYPE_SCBK) {
      confirmedKey = lastCommand.key;
      reset();
    }
    if (reply.kind === "NAK" && reply.error === NakCode.SECURE_CHANNEL_REQUIRED) reset();
    return Either.right(reply);
  };

  const decodeActive = (active: SecureLink, frame: Frame) => {
    if (frame.scb === null) {
      const plainAllowed =
        frame.code === ReplyCode.NAK ||
        frame.code === ReplyCode.BUSY ||
        (frame.code === ReplyCode.ACK && lastCommand?.kind === "KEYSET");
      if (!plainAllowed) {
        reset();
        return fail("PlaintextInSession", `plaintext reply 0x${frame.code.toString(16)} inside a session`);
      }
      return Either.flatMap(decodeReply(frame.code, frame.data), afterReply);
    }
    const opened = active.openReply(frame);
    if (Either.isLeft(opened)) {
      reset();
      return Either.left(opened.left);
    }
    return Either.flatMap(decodeReply(frame.code, opened.right), afterReply);
  };

  return {
    state: () => (link !== undefined ? "active" : handshake !== undefined ? "handshake" : "inactive"),
    begin: (scbk) => {
      reset();
      handshake = { scbk: scbk.slice(), rndA: crypto.random(8) };
      return { kind: "CHLNG", rndA: handshake.rndA };
    },
    serverCryptogram: () =>
      handshake?.scrypt === undefined ? undefined : { kind: "SCRYPT", serverCryptogram: handshake.scrypt },
    encodeCommand: (header, command) => {
      lastCommand = command;
      if (command.kind === "CHLNG" || command.kind === "SCRYPT") {
        const type = command.kind === "CHLNG" ? ScbType.CHLNG : ScbType.SCRYPT;
        const flag = handshake === undefined ? 0x01 : keyFlag(handshake.scbk);
        return plainFrame(header, command, { type, data: Uint8Array.of(flag) });
      }
      if (link === undefined) return plainFrame(header, command, null);
      const { code, data } = encodeCommand(command);
      return link.sealCommand(header, code, data);
    },
    decodeReply: (frame) => {
      if (link !== undefined) return decodeActive(link, frame);
      const decoded = decodeReply(frame.code, frame.data);
      if (Either.isLeft(decoded)) return decoded;
      switch (frame.scb?.type) {
        case undefined:
          // A plain answer to CHLNG (typically NAK): the PD does not do Secure Channel.
          if (handshake !== undefined) reset();
          return decoded;
        case ScbType.CCRYPT:
          return acceptCcrypt(frame, decoded.right);
        case ScbType.RMAC_I:
          return acceptRmacI(frame, decoded.right);
        default:
          reset();
          return fail("NotActive", `security block 0x${frame.scb?.type.toString(16)} without a session`);
      }
    },
    confirmedKey: () => confirmedKey,
    reset,
  };
};
