/** Credential use counters: a use is a grant (DESIGN §3); the engine persists them for validity. */
import type { CredentialUsage } from "../model/Validity";

/** A credential that has never been used. */
export const NEVER_USED: CredentialUsage = { uses: 0 };

/** The usage after a grant at `at`. */
export const recordUse = (usage: CredentialUsage, at: number): CredentialUsage => ({
  firstUse: usage.firstUse ?? at,
  lastUse: at,
  uses: usage.uses + 1,
});
