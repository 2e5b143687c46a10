/** Whether a card or plate credential is valid at an instant (DESIGN §3 "Credential"; a PIN has no validity). */
import { addPeriod, type CalendarPeriod } from "../time";

/** When a credential stops being valid; every end is exclusive. */
export type ValidTo =
  /** Never. */
  | { readonly kind: "none" }
  /** At the instant `at` (epoch ms). */
  | { readonly kind: "date"; readonly at: number }
  /** A calendar period after the first use. */
  | { readonly kind: "first-use"; readonly period: CalendarPeriod }
  /** After `count` uses, the first one included. */
  | { readonly kind: "uses"; readonly count: number }
  /** A calendar period after the last use. */
  | { readonly kind: "last-use"; readonly period: CalendarPeriod };

/** A credential's validity: from `validFrom` (epoch ms, inclusive; absent = always) until {@link ValidTo}. */
export interface ValidityRule {
  readonly validFrom?: number;
  readonly validTo: ValidTo;
}

/** What the validity depends on: the credential's uses so far (a use is a grant), as epoch ms. */
export interface CredentialUsage {
  readonly firstUse?: number;
  readonly lastUse?: number;
  readonly uses: number;
}

/** `not-active` before valid-from, `expired` from the end on (decision reasons `CredentialNotActive` / `CredentialExpired`). */
export type ValidityStatus = "active" | "not-active" | "expired";

const isPast = (at: number, from: number | undefined, period: CalendarPeriod, timeZone: string): boolean =>
  from !== undefined && at >= addPeriod(from, period, timeZone);

const hasEnded = (validTo: ValidTo, usage: CredentialUsage, at: number, timeZone: string): boolean => {
  switch (validTo.kind) {
    case "none":
      return false;
    case "date":
      return at >= validTo.at;
    case "first-use":
      return isPast(at, usage.firstUse, validTo.period, timeZone);
    case "uses":
      return usage.uses >= validTo.count;
    case "last-use":
      return isPast(at, usage.lastUse, validTo.period, timeZone);
  }
};

/**
 * The validity of a credential at `at`. Periods are added on the wall clock of the site zone
 * `timeZone`, months and years clamped to the month's end (Jan 31 + 1 month = Feb 28 or 29). A
 * credential never used has no first- or last-use end yet.
 */
export const credentialValidity = (
  rule: ValidityRule,
  usage: CredentialUsage,
  at: number,
  timeZone: string,
): ValidityStatus => {
  if (rule.validFrom !== undefined && at < rule.validFrom) return "not-active";
  return hasEnded(rule.validTo, usage, at, timeZone) ? "expired" : "active";
};
