/** A PIN hasher for tests and simulations: HMAC-SHA256 under a fixed key, as the host does with its own. */
import { createHmac } from "node:crypto";
import type { PinHasher } from "@portcullis/engine";

/** HMAC-SHA256 PIN tags under `key` (hex). */
export const hmacPinHasher = (key = "portcullis-test-key"): PinHasher => ({
  tag: (pin) => createHmac("sha256", key).update(pin).digest("hex"),
});
