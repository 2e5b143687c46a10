/** Secure Channel Base Keys: the well-known SCBK-D and per-reader keys derived from the site main key (DESIGN §3). */
import type { Crypto } from "../crypto";

/** SCBK-D, the default key 0x30…0x3F every PD accepts in install mode (Annex D). */
export const SCBK_D: Uint8Array = Uint8Array.from({ length: 16 }, (_, i) => 0x30 + i);

// Domain separation: a key derived here is never equal to one derived for another purpose from the same main key.
const SALT = new TextEncoder().encode("portcullis/osdp/scbk");
const INFO_PREFIX = "portcullis/osdp/scbk/v1/reader/";

/**
 * A reader's SCBK: HKDF-SHA256(main key, salt "portcullis/osdp/scbk", info "portcullis/osdp/scbk/v1/reader/<id>").
 * The info carries the configured reader id rather than the PD's cUID: the CP knows the id before any exchange
 * (it sends the key by KEYSET during install mode), and the key stays bound to the configured reader, not to
 * whichever device answers on its address; a replaced device receives the same key through install mode.
 */
export const deriveScbk = (crypto: Crypto, mainKey: Uint8Array, readerId: string): Uint8Array =>
  crypto.hkdfSha256(mainKey, SALT, new TextEncoder().encode(INFO_PREFIX + readerId), 16);
