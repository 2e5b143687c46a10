/** What a configuration change does to the people using the site: credentials it stops, rules it leaves incomplete. */
import type { EntityChange } from "./configChange";
import type { ConfigIssue } from "./errors";
import { type AccessRule, missingParts, type MissingPart } from "./model/AccessRule";
import { pinLengthsOf, type PinLengthRange } from "./model/Pin";
import type { Policy } from "./model/Policy";
import type { SiteConfig } from "./model/Site";

/** A card format in effect on a site, as far as reading a card credential goes. */
export interface FormatInEffect {
  /** The frame's bit length. */
  readonly bits: number;
  /** How wide a card number it carries (0: none). */
  readonly cardNumberBits: number;
}

/** A site's configuration and policy. */
export interface SiteState {
  readonly site: SiteConfig;
  readonly policy: Policy;
}

const fitsPin = (length: number, ranges: ReadonlyArray<PinLengthRange>): boolean =>
  ranges.some((r) => length >= r.minLength && length <= r.maxLength);

/** A card can be read by some format: one of its bit length (if the card states one) whose card number holds it. */
const readable = (
  card: { readonly number: bigint; readonly bitLength?: number | undefined },
  formats: ReadonlyArray<FormatInEffect>,
): boolean =>
  formats.some(
    (f) =>
      (card.bitLength === undefined || card.bitLength === f.bits) &&
      f.cardNumberBits > 0 &&
      card.number >> BigInt(f.cardNumberBits) === 0n,
  );

/**
 * How many credentials worked before a change and no keypad or reader can take after it: PINs no
 * PIN length in effect admits any more, cards no format in effect reads any more. `formats` gives
 * a site's formats in effect (absent: cards are not checked).
 */
export const deniedCredentials = (
  before: SiteState,
  after: SiteState,
  formats?: (site: SiteConfig) => ReadonlyArray<FormatInEffect>,
): { readonly pins: number; readonly cards: number } => {
  const pinsBefore = pinLengthsOf(before.policy.pin, before.site);
  const pinsAfter = pinLengthsOf(after.policy.pin, after.site);
  const formatsBefore = formats?.(before.site);
  const formatsAfter = formats?.(after.site);
  let pins = 0;
  let cards = 0;
  for (const c of after.policy.credentials)
    if (c.kind === "pin") {
      if (fitsPin(c.length, pinsBefore) && !fitsPin(c.length, pinsAfter)) pins++;
    } else if (c.kind === "card" && formatsBefore !== undefined && formatsAfter !== undefined) {
      if (readable(c, formatsBefore) && !readable(c, formatsAfter)) cards++;
    }
  return { pins, cards };
};

const PART: Record<MissingPart, string> = {
  who: "no cardholder or group",
  where: "no door or zone",
  when: "no schedule",
};

/** How the seed's "Incomplete" tab says what a rule lacks. */
export const describeMissing = (missing: ReadonlyArray<MissingPart>): string =>
  missing.map((m) => PART[m]).join(", ");

/**
 * A warning for each rule a change left incomplete that was complete before it (or is new and
 * incomplete); `before` holds the changed rules as they were.
 */
export const incompleteRuleWarnings = (
  changed: ReadonlyArray<EntityChange>,
  before: ReadonlyMap<string, AccessRule>,
  after: Policy,
): ConfigIssue[] =>
  changed.flatMap((c) => {
    if (c.entity !== "rule" || c.change === "remove") return [];
    const rule = after.rules.find((r) => r.id === c.id);
    const previous = before.get(c.id);
    if (rule === undefined) return [];
    const missing = missingParts(rule);
    if (missing.length === 0 || (previous !== undefined && missingParts(previous).length > 0)) return [];
    return [
      {
        field: `rules.${c.id}`,
        message: `rule "${c.id}" is incomplete (${describeMissing(missing)}): it grants nothing`,
      },
    ];
  });
