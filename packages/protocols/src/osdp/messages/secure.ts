/** The Secure Channel handshake and key messages: CHLNG/CCRYPT, SCRYPT/RMAC_I, KEYSET (Annex D). */
import { concatBytes } from "../bytes";
import { CommandCode, ReplyCode } from "../codes";
import type { MessageCodec } from "./codec";
import type { ByteReader } from "./reader";

/** osdp_CHLNG: the CP's random RND.A (8 bytes). */
export interface Challenge {
  readonly kind: "CHLNG";
  readonly rndA: Uint8Array;
}

/** osdp_CCRYPT: the PD's cUID, its random RND.B and the client cryptogram (8 + 8 + 16 bytes). */
export interface ClientCryptogram {
  readonly kind: "CCRYPT";
  readonly cUid: Uint8Array;
  readonly rndB: Uint8Array;
  readonly clientCryptogram: Uint8Array;
}

/** osdp_SCRYPT: the CP's server cryptogram (16 bytes). */
export interface ServerCryptogram {
  readonly kind: "SCRYPT";
  readonly serverCryptogram: Uint8Array;
}

/** osdp_RMAC_I: the initial reply MAC that starts the MAC chain (16 bytes). */
export interface InitialRmac {
  readonly kind: "RMAC_I";
  readonly rmacI: Uint8Array;
}

/** osdp_KEYSET: a new key; `keyType` 1 is the Secure Channel Base Key. */
export interface KeySet {
  readonly kind: "KEYSET";
  readonly keyType: number;
  readonly key: Uint8Array;
}

/** KEYSET key type of an SCBK. */
export const KEY_TYPE_SCBK = 0x01;

const fixed = (r: ByteReader, length: number, name: string): Uint8Array => {
  const bytes = r.bytes(length);
  if (bytes.length !== length) r.fail(`${name} must be ${length} bytes`);
  return bytes;
};

/** CHLNG codec. */
export const challengeCodec: MessageCodec<Challenge> = {
  kind: "CHLNG",
  code: CommandCode.CHLNG,
  encode: (m) => m.rndA,
  decode: (r) => ({ kind: "CHLNG", rndA: fixed(r, 8, "RND.A") }),
};

/** CCRYPT codec. */
export const clientCryptogramCodec: MessageCodec<ClientCryptogram> = {
  kind: "CCRYPT",
  code: ReplyCode.CCRYPT,
  encode: (m) => concatBytes(m.cUid, m.rndB, m.clientCryptogram),
  decode: (r) => ({
    kind: "CCRYPT",
    cUid: fixed(r, 8, "cUID"),
    rndB: fixed(r, 8, "RND.B"),
    clientCryptogram: fixed(r, 16, "client cryptogram"),
  }),
};

/** SCRYPT codec. */
export const serverCryptogramCodec: MessageCodec<ServerCryptogram> = {
  kind: "SCRYPT",
  code: CommandCode.SCRYPT,
  encode: (m) => m.serverCryptogram,
  decode: (r) => ({ kind: "SCRYPT", serverCryptogram: fixed(r, 16, "server cryptogram") }),
};

/** RMAC_I codec. */
export const initialRmacCodec: MessageCodec<InitialRmac> = {
  kind: "RMAC_I",
  code: ReplyCode.RMAC_I,
  encode: (m) => m.rmacI,
  decode: (r) => ({ kind: "RMAC_I", rmacI: fixed(r, 16, "RMAC-I") }),
};

/** KEYSET codec: key type, key length, key. */
export const keySetCodec: MessageCodec<KeySet> = {
  kind: "KEYSET",
  code: CommandCode.KEYSET,
  encode: (m) => concatBytes(Uint8Array.of(m.keyType, m.key.length), m.key),
  decode: (r) => {
    const keyType = r.u8();
    return { kind: "KEYSET", keyType, key: r.bytes(r.u8()) };
  },
};
