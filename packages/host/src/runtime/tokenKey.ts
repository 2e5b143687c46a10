/** The key API token secrets are stored under: derived from the site main key, so the database alone tests no guess. */
import { hkdfSync } from "node:crypto";

/** The token MAC key for a main key (HKDF-SHA256, its own label beside the PIN key's). */
export const tokenKeyFor = (mainKey: Uint8Array): Uint8Array =>
  new Uint8Array(hkdfSync("sha256", mainKey, "portcullis", "portcullis/api-tokens/v1", 32));
