/** The access decision (DESIGN §5): pure, in the design's order, one reason per denial; no Effect on this path. */
import type { CardCredential, Credential, PlateCredential } from "../model/Credential";
import { normalisePlate } from "../model/Credential";
import type { Cardholder } from "../model/Cardholder";
import { credentialValidity } from "../model/Validity";
import { presenceHolds } from "./AntiPassback";
import { FACTOR_BIT, type AccessPoint, type IndexedRule, type PolicyIndex } from "./PolicyIndex";
import type {
  AccessRequest,
  Decision,
  DecisionAlarm,
  DecisionState,
  DenialDetail,
  DenialReason,
  Outcome,
  PresentedCard,
} from "./reasons";
import { twoPersonPartner } from "./TwoPerson";

const NO_ALARMS: ReadonlyArray<DecisionAlarm> = [];

// A module-level function rather than a per-call closure: the swipe path allocates only its result.
const decision = (alarms: ReadonlyArray<DecisionAlarm>, outcome: Outcome): Decision => ({ outcome, alarms });

const denied = (reason: DenialReason, credential?: Credential, detail?: DenialDetail): Outcome =>
  credential === undefined
    ? detail === undefined
      ? { type: "denied", reason }
      : { type: "denied", reason, detail }
    : { type: "denied", reason, cardholderId: credential.cardholderId, credentialId: credential.id };

/** Step 0: the silent alarm of a PIN that is somebody's duress PIN, if it is one. */
export const duressAlarm = (
  index: PolicyIndex,
  pinTag: string,
): Extract<DecisionAlarm, { type: "Duress" }> | undefined => {
  const duress = index.duress.get(pinTag);
  return duress === undefined
    ? undefined
    : { type: "Duress", cardholderId: duress.cardholderId, credentialId: duress.id };
};

/** Step 1: the active entries of the side's profile and whether one takes exactly the presented factors. */
const profileStep = (
  point: AccessPoint,
  mask: number,
  pinTimeout: boolean,
  at: number,
): Outcome | undefined => {
  let anyActive = false;
  let matched = false;
  for (const entry of point.entries) {
    if (!entry.schedule.isActive(at)) continue;
    anyActive = true;
    if (entry.mask === mask) matched = true;
  }
  if (!anyActive) return denied("NotPermittedAtThisTime");
  if (pinTimeout) return denied("Other", undefined, "PinTimeout");
  return matched ? undefined : denied("Other", undefined, "IdentificationTypeNotAllowed");
};

/** Step 2 for a card: the credential with this number and the presented facility code, else the first with the number. */
const findCard = (index: PolicyIndex, card: PresentedCard): CardCredential | undefined => {
  const cards = index.cards.get(card.number);
  if (cards === undefined) return undefined;
  for (const c of cards) if (c.facilityCode === card.facility) return c;
  return cards[0];
};

/** Step 5 for cards and plates (a PIN is always valid). */
const validityStep = (
  index: PolicyIndex,
  credential: CardCredential | PlateCredential,
  state: DecisionState,
  at: number,
): Outcome | undefined => {
  const status = credentialValidity(credential.validity, state.usage(credential.id), at, index.timeZone);
  if (status === "active") return undefined;
  return denied(status === "not-active" ? "CredentialNotActive" : "CredentialExpired", credential);
};

const covers = (rule: IndexedRule, point: AccessPoint): boolean => {
  if (rule.doors.has(point.doorId)) return true;
  for (const z of point.ruleZones) if (rule.zones.has(z)) return true;
  return false;
};

/** How far the rules read so far go: none covers the access point, covered but no schedule active, permitted. */
type Coverage = "none" | "covered" | "permitted";

const scanRules = (
  rules: ReadonlyArray<IndexedRule> | undefined,
  point: AccessPoint,
  at: number,
  found: Coverage,
): Coverage => {
  let best = found;
  if (rules === undefined) return best;
  for (const rule of rules) {
    if (!covers(rule, point)) continue;
    if (rule.schedule.isActive(at)) return "permitted";
    best = "covered";
  }
  return best;
};

/** Step 6: only the rules of this cardholder and of their groups are read (DESIGN §5 cost bound). */
const rulesStep = (
  index: PolicyIndex,
  holder: Cardholder,
  credential: Credential,
  point: AccessPoint,
  at: number,
) => {
  let found = scanRules(index.rulesOfCardholder.get(holder.id), point, at, "none");
  const groups = index.groupsOf.get(holder.id);
  if (found !== "permitted" && groups !== undefined)
    for (const g of groups) {
      found = scanRules(index.rulesOfGroup.get(g), point, at, found);
      if (found === "permitted") break;
    }
  if (found === "permitted") return undefined;
  return denied(found === "none" ? "Unauthorized" : "NotPermittedAtThisTime", credential);
};

/**
 * Decides one access request at `at` (epoch ms) from the indexed policy and what the actors know.
 * Pure and deterministic; the caller applies the outcome (grant cycle, two-person wait) and records a
 * grant's use with `recordUse`. A door side the index does not know (an unknown or monitoring door)
 * is `Unauthorized`: no rule can cover it.
 */
export const decide = (
  request: AccessRequest,
  index: PolicyIndex,
  state: DecisionState,
  at: number,
): Decision => {
  const { card, pin, plate } = request.factors;
  // Step 0: a duress PIN raises its silent alarm whatever follows.
  const pinTag = pin === undefined ? undefined : index.hasher.tag(pin);
  const duress = pinTag === undefined ? undefined : duressAlarm(index, pinTag);
  const alarms: ReadonlyArray<DecisionAlarm> = duress === undefined ? NO_ALARMS : [duress];

  const point = index.accessPoints.get(request.doorId)?.[request.side];
  if (point === undefined) return decision(alarms, denied("Unauthorized"));
  const mask =
    (card === undefined ? 0 : FACTOR_BIT.card) |
    (pinTag === undefined ? 0 : FACTOR_BIT.pin) |
    (plate === undefined ? 0 : FACTOR_BIT.plate);
  const profileDenial = profileStep(point, mask, request.pinTimeout === true, at);
  if (profileDenial !== undefined) return decision(alarms, profileDenial);

  // Step 2: the card, else the plate, else the PIN identifies; a PIN beside a card is checked at step 7.
  const cardCredential = card === undefined ? undefined : findCard(index, card);
  const plateCredential = plate === undefined ? undefined : index.plates.get(normalisePlate(plate));
  const pinCredential =
    pinTag === undefined ? undefined : (index.pins.get(pinTag) ?? index.duress.get(pinTag));
  const credential: Credential | undefined =
    card !== undefined ? cardCredential : plate !== undefined ? plateCredential : pinCredential;
  if (credential === undefined) return decision(alarms, denied("CredentialNotFound"));
  if (card !== undefined && plate !== undefined && plateCredential?.cardholderId !== credential.cardholderId)
    return decision(alarms, denied("CredentialNotFound"));

  // Step 3.
  if (card !== undefined && point.includeFacilityCode && cardCredential?.facilityCode !== card.facility)
    return decision(alarms, denied("InvalidFacilityCode", credential));

  // Step 4.
  const holder = index.cardholders.get(credential.cardholderId);
  if (holder === undefined) return decision(alarms, denied("CredentialNotFound"));
  if (holder.suspended) return decision(alarms, denied("CredentialNotEnabled", credential));

  // Step 5.
  const invalid =
    (cardCredential && validityStep(index, cardCredential, state, at)) ??
    (plateCredential && validityStep(index, plateCredential, state, at));
  if (invalid !== undefined) return decision(alarms, invalid);

  // Step 6.
  const unauthorized = rulesStep(index, holder, credential, point, at);
  if (unauthorized !== undefined) return decision(alarms, unauthorized);

  // Step 7: card+PIN (or plate+PIN): the PIN must be this cardholder's.
  if (pinTag !== undefined && credential !== pinCredential && pinCredential?.cardholderId !== holder.id)
    return decision(alarms, denied("InvalidPIN", credential));

  // Step 8.
  if (!holder.exemptFromLockdown && state.slot(point.doorId) === "lockdown")
    return decision(alarms, denied("Lockdown", credential));

  // Step 9: only the zone entered; exits and internal doors have no `toZone`.
  const zone = point.toZone;
  if (zone?.antiPassback !== undefined && !holder.exemptFromAntiPassback) {
    const presence = state.presence(zone.id, holder.id);
    if (presence !== undefined && presenceHolds(zone.antiPassback, presence, at)) {
      const mode = zone.antiPassback.hard ? "hard" : "soft";
      const violation: DecisionAlarm = {
        type: "AntiPassbackViolation",
        zoneId: zone.id,
        cardholderId: holder.id,
        mode,
      };
      const all = [...alarms, violation];
      if (zone.antiPassback.hard) return decision(all, denied("AntiPassbackViolation", credential));
      return decision(all, grantOrWait(index, point, holder, credential, state, at));
    }
  }
  return decision(alarms, grantOrWait(index, point, holder, credential, state, at));
};

/** Steps 10 and 11. A two-person grant is a grant for both: long if either cardholder has long access. */
const grantOrWait = (
  index: PolicyIndex,
  point: AccessPoint,
  holder: Cardholder,
  credential: Credential,
  state: DecisionState,
  at: number,
): Outcome => {
  const rule = point.twoPerson;
  // An active two-person rule suppresses double-swipe on its side (DESIGN §5 step 10).
  if (rule !== undefined && rule.schedule.isActive(at)) {
    const first = twoPersonPartner(
      rule.timeoutMs,
      state.twoPersonWaiting(point.doorId, point.side),
      holder.id,
      at,
    );
    if (first === undefined) return { type: "pending", cardholderId: holder.id, credentialId: credential.id };
    return {
      ...granted(holder, credential, false),
      long: holder.longAccess || index.cardholders.get(first.cardholderId)?.longAccess === true,
      twoPerson: { first: first.cardholderId, credentialId: first.credentialId },
    };
  }
  return granted(holder, credential, holder.allowDoubleSwipe && point.doubleSwipe);
};

const granted = (holder: Cardholder, credential: Credential, doubleSwipe: boolean) =>
  ({
    type: "granted",
    cardholderId: holder.id,
    credentialId: credential.id,
    long: holder.longAccess,
    exemptFromLockdown: holder.exemptFromLockdown,
    doubleSwipe,
  }) as const;
