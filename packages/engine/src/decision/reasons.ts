/** The vocabulary of an access decision: requests, what the actors know, outcomes and alarms (DESIGN §5). */
import type { Side, Slot } from "../events";
import type { CredentialUsage } from "../model/Validity";

/** Why access was denied (ONVIF PACS reasons as used by Axis door controllers). */
export type DenialReason =
  | "NotPermittedAtThisTime"
  | "Other"
  | "CredentialNotFound"
  | "InvalidFacilityCode"
  | "CredentialNotEnabled"
  | "CredentialNotActive"
  | "CredentialExpired"
  | "Unauthorized"
  | "InvalidPIN"
  | "Lockdown"
  | "AntiPassbackViolation";

/** The detail of an `Other` denial. */
export type DenialDetail = "IdentificationTypeNotAllowed" | "PinTimeout";

/** A card as decoded by the reader's card format. */
export interface PresentedCard {
  readonly number: bigint;
  readonly facility?: bigint;
}

/** What the reader actor assembled at one access point: the factors presented together. */
export interface AccessRequest {
  readonly doorId: string;
  readonly side: Side;
  readonly factors: {
    readonly card?: PresentedCard;
    /** The PIN digits, without the end character. */
    readonly pin?: string;
    /** The plate as the camera read it; the decision normalises it. */
    readonly plate?: string;
  };
  /** The reader gave up waiting for a PIN. */
  readonly pinTimeout?: boolean;
}

/** A cardholder's presence in a zone, set by the `AccessTaken` that brought them in. */
export interface Presence {
  readonly enteredAt: number;
}

/** The first swipe of a two-person access, waiting for a second cardholder. */
export interface TwoPersonWaiting {
  readonly cardholderId: string;
  /** The credential the first cardholder presented: the grant for both is a use of it too. */
  readonly credentialId: string;
  readonly at: number;
}

/**
 * What the decision reads from the actors. Methods return what the actors hold, without copying;
 * `presence` is undefined when the cardholder is absent or unknown (unknown presence admits).
 */
export interface DecisionState {
  slot(doorId: string): Slot;
  presence(zoneId: string, cardholderId: string): Presence | undefined;
  twoPersonWaiting(doorId: string, side: Side): TwoPersonWaiting | undefined;
  usage(credentialId: string): CredentialUsage;
}

/** Access granted: the door actor starts a grant cycle. */
export interface Granted {
  readonly type: "granted";
  readonly cardholderId: string;
  readonly credentialId: string;
  /** Long access time and long open-too-long time; for a two-person grant, if either cardholder has long access. */
  readonly long: boolean;
  /** The grant survives lockdown only for exempt cardholders. */
  readonly exemptFromLockdown: boolean;
  /** The cardholder may double-swipe here: allowed, the door has double-swipe, no two-person rule active on this side. */
  readonly doubleSwipe: boolean;
  /** A two-person grant: the cardholder who swiped first and is let in with this one, and their credential. */
  readonly twoPerson?: { readonly first: string; readonly credentialId: string };
}

/** Access denied, with exactly one reason. */
export interface Denied {
  readonly type: "denied";
  readonly reason: DenialReason;
  readonly detail?: DenialDetail;
  readonly cardholderId?: string;
  readonly credentialId?: string;
}

/** The first swipe of a two-person access: waiting for a second, different cardholder. */
export interface Pending {
  readonly type: "pending";
  readonly cardholderId: string;
  readonly credentialId: string;
}

/** The outcome of a decision. */
export type Outcome = Granted | Denied | Pending;

/** An alarm raised by a decision, independent of its outcome. */
export type DecisionAlarm =
  /** Silent: reader feedback stays as without duress. */
  | { readonly type: "Duress"; readonly cardholderId: string; readonly credentialId: string }
  | {
      readonly type: "AntiPassbackViolation";
      readonly zoneId: string;
      readonly cardholderId: string;
      readonly mode: "soft" | "hard";
    };

/** What `decide` returns. */
export interface Decision {
  readonly outcome: Outcome;
  readonly alarms: ReadonlyArray<DecisionAlarm>;
}
