/** The service that turns a PIN into its stored HMAC tag; the engine never sees the key (DESIGN §1, §3). */
import { Context } from "effect";

/**
 * Computes a PIN's tag (HMAC-SHA256 under a key derived from the main key, in the host). Equal PINs
 * give equal tags, so tags index PIN credentials; the plain PIN is never stored.
 */
export interface PinHasher {
  readonly tag: (pin: string) => string;
}

/** The {@link PinHasher} service tag for Effect layers. */
export const PinHasher = Context.GenericTag<PinHasher>("@portcullis/engine/PinHasher");
