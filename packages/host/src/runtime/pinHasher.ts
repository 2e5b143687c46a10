/** PIN tags: HMAC-SHA256 under a key derived from the site main key (DESIGN §3), so stored PINs are useless alone. */
import { createHmac, hkdfSync } from "node:crypto";
import type { PinHasher } from "@portcullis/engine";

/** The host's PIN hasher for a main key. */
export const pinHasherFor = (mainKey: Uint8Array): PinHasher => {
  const key = Buffer.from(hkdfSync("sha256", mainKey, "portcullis", "portcullis/pin-tags/v1", 32));
  return { tag: (pin) => createHmac("sha256", key).update(pin).digest("hex") };
};
