/** What an OSDP line event means to the engine: a card, keys, tamper, or the reader going online or offline. */
import type { SiteInput } from "@portcullis/engine";
import type { CpLineEvent } from "@portcullis/protocols";

/**
 * The site input a line event stands for, undefined for events the engine does not take. Card bits go to the site
 * as they came: the site's card decoder applies the reader's effective formats. A reader in `error` stays connected
 * but unusable: the engine marks it in error (its card data is ignored by the line anyway), and so is one online in
 * plaintext while the site's Secure Channel switch is on (`plaintextAgainstSite`, DESIGN §3).
 */
export const lineEventInput = (event: CpLineEvent, plaintextAgainstSite = false): SiteInput | undefined => {
  if (event.type === "ActorRestarted") return undefined;
  const { readerId, at } = event;
  switch (event.type) {
    case "CardRead":
      return { type: "card", readerId, at, bits: event.bits };
    case "Keypad":
      return { type: "keys", readerId, at, keys: event.keys };
    case "LocalStatus":
      return { type: "tamper", readerId, at, active: event.tamper };
    case "ReaderOnline":
      return { type: "reader", readerId, at, online: true, error: plaintextAgainstSite };
    case "ReaderOffline":
      return { type: "reader", readerId, at, online: false };
    // Connected but unusable (Secure Channel unsupported or failed): the door shows reader-error (DESIGN §3).
    case "ReaderError":
      return { type: "reader", readerId, at, online: true, error: true };
    default:
      return undefined;
  }
};
