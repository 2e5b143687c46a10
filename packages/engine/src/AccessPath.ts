/**
 * The swipe path of a site: reader actors assemble requests, `decide` judges them against the indexed
 * policy and what the door and zone actors know, and the outcome goes to the door (a grant, a
 * two-person wait, a double-swipe toggle), the reader (feedback) and the zones (presence on
 * `AccessTaken`). Effect and Schema stay off this path.
 */
import { createActor, type Actor } from "xstate";
import { presenceMove, nextPresence } from "./decision/AntiPassback";
import { NEVER_USED, recordUse } from "./decision/CredentialUse";
import { decide, duressAlarm } from "./decision/decide";
import { FACTOR_BIT, type AccessPoint, type PolicyIndex } from "./decision/PolicyIndex";
import type {
  AccessRequest,
  Decision,
  DecisionState,
  Presence,
  PresentedCard,
  TwoPersonWaiting,
} from "./decision/reasons";
import type { EngineClock } from "./EngineClock";
import type { EngineEventInput, Side, Slot } from "./events";
import {
  readerMachine,
  type FeedbackIntent,
  type KeypadSettings,
  type LastRead,
  type ReaderContext,
  type ReaderEvent,
  type ReaderStatus,
} from "./actors/readerMachine";
import { zoneMachine } from "./actors/zoneMachine";
import { keypadSettings } from "./keypadSettings";
import type { Supervisor } from "./Supervisor";
import type { DoorEvent, Grant } from "./actors/doorTypes";
import type { Policy } from "./model/Policy";
import type { StandardDoor } from "./model/Door";
import type { CredentialUsage } from "./model/Validity";

type ReaderActor = Actor<typeof readerMachine>;
type ZoneActor = Actor<typeof zoneMachine>;

/** What the swipe path needs from the site's doors. */
export interface DoorAccess {
  slot(doorId: string): Slot;
  twoPersonWaiting(doorId: string, side: Side): TwoPersonWaiting | undefined;
  send(doorId: string, event: DoorEvent): void;
}

/** Persisted facts the swipe path is rebuilt from (DESIGN §2). */
export interface AccessFacts {
  readonly presence?: ReadonlyMap<string, ReadonlyMap<string, Presence>>;
  readonly usage?: ReadonlyMap<string, CredentialUsage>;
}

/** Where a reader sits. */
export interface ReaderPlace {
  readonly readerId: string;
  readonly doorId: string;
  readonly side: Side;
}

const UNKNOWN_CARD: PresentedCard = { number: -1n };

const OUTCOME_FEEDBACK: Record<Decision["outcome"]["type"], FeedbackIntent> = {
  granted: "grant",
  denied: "deny",
  pending: "waiting-second-person",
};

/** A reader of the site and its actor, once it has one. */
interface ReaderEntry {
  readonly place: ReaderPlace;
  readonly customCardFormats: boolean;
  /** The site's keypad settings, or the reader's own when it has a custom PIN length. */
  readonly keypad: KeypadSettings;
  /** An OSDP reader: offline until its line reports it up (DESIGN §3 door status). */
  readonly connecting: boolean;
  actor?: ReaderActor;
}

/** Reader actors, zone actors and the decision, wired together. */
export class AccessPath implements DecisionState {
  /**
   * Readers by id. Their actors start on the first input: a site of 20 000 readers would otherwise
   * spend its start creating actors for readers nobody has touched yet.
   */
  readonly readers = new Map<string, ReaderEntry>();
  /** Each reader's last card, known or not, for enrolment ("get last swiped card data"). */
  readonly lastReads = new Map<string, LastRead>();
  readonly zones = new Map<string, ZoneActor>();
  /** Credential use counters and first/last use, updated on every grant; exposed for persistence. */
  readonly usageByCredential: Map<string, CredentialUsage>;
  /** Last credential grant per door, for double-swipe. */
  private readonly lastGrant = new Map<string, { cardholderId: string; at: number }>();
  private readonly doubleSwipeMs = new Map<string, number>();
  private grants = 0;

  constructor(
    readonly index: PolicyIndex,
    policy: Policy,
    doors: ReadonlyArray<StandardDoor>,
    private readonly clock: EngineClock,
    private readonly doorAccess: DoorAccess,
    private readonly publish: (event: EngineEventInput) => void,
    private readonly feedback: (readerId: string, intent: FeedbackIntent) => void,
    private readonly supervisor: Supervisor,
    facts: AccessFacts = {},
  ) {
    this.usageByCredential = new Map(facts.usage ?? []);
    for (const d of policy.doorPolicies)
      if (d.doubleSwipe) this.doubleSwipeMs.set(d.doorId, d.doubleSwipe.timeoutS * 1000);
    for (const zone of policy.zones) this.startZone(zone.id, facts.presence?.get(zone.id));
    const siteKeypad = keypadSettings(policy.pin, undefined);
    for (const door of doors)
      for (const side of ["A", "B"] as const)
        for (const reader of door.sides[side].readers)
          this.readers.set(reader.id, {
            place: { readerId: reader.id, doorId: door.id, side },
            customCardFormats: reader.cardFormats !== undefined,
            keypad: reader.pin === undefined ? siteKeypad : keypadSettings(policy.pin, reader.pin),
            connecting: reader.type === "osdp",
          });
  }

  /** A zone's actor; rebuilt after an error, it keeps the presence the failed one held. */
  private startZone(zoneId: string, presence: ReadonlyMap<string, Presence> | undefined): void {
    const actor = createActor(zoneMachine, {
      clock: this.clock,
      input: { zoneId, ...(presence && { presence }) },
    });
    this.supervisor.watch(actor, `zone:${zoneId}`, () => {
      if (this.zones.get(zoneId) === actor) this.startZone(zoneId, actor.getSnapshot().context.presence);
    });
    this.zones.set(zoneId, actor);
    actor.start();
  }

  /** A reader's actor; rebuilt after an error, it keeps the failed one's device status and lockout. */
  private startReader(reader: ReaderEntry, restore?: ReaderStatus): ReaderActor {
    const place = reader.place;
    const point = this.index.accessPoints.get(place.doorId)?.[place.side];
    const actor = createActor(readerMachine, {
      clock: this.clock,
      input: {
        ...place,
        keypad: reader.keypad,
        at: this.clock.now(),
        publish: this.publish,
        submit: (readerId, request, at) => this.submit(readerId, request, at),
        lockedOutPin: (readerId, pin, at) => this.lockedOutPin(readerId, pin, at),
        cardNeedsPin: (at) => this.cardNeedsPin(point, at),
        feedback: this.feedback,
        connecting: reader.connecting,
        ...(restore && { restore }),
      },
    });
    this.supervisor.watch(actor, `reader:${place.readerId}`, () => {
      if (reader.actor !== actor) return;
      const { online, error, tamper, wrongPins, lockedOutUntil } = actor.getSnapshot().context;
      this.startReader(reader, { online, error, tamper, wrongPins, lockedOutUntil });
    });
    reader.actor = actor;
    actor.start();
    return actor;
  }

  /** Card then PIN when no active profile entry takes a card alone but one takes card and PIN. */
  private cardNeedsPin(point: AccessPoint | undefined, at: number): boolean {
    let cardAlone = false;
    let cardAndPin = false;
    for (const e of point?.entries ?? []) {
      if (!e.schedule.isActive(at)) continue;
      if (e.mask === FACTOR_BIT.card) cardAlone = true;
      else if (e.mask === (FACTOR_BIT.card | FACTOR_BIT.pin)) cardAndPin = true;
    }
    return cardAndPin && !cardAlone;
  }

  /**
   * A card at a reader. A plain card is decided at once; only a card that must wait for its PIN, or
   * that arrives while a PIN is being typed, goes through the reader actor — a swipe is the hot path,
   * and the actor adds nothing to it then.
   */
  readCard(
    readerId: string,
    at: number,
    card: PresentedCard | undefined,
    bits?: string,
    format?: string,
  ): boolean {
    const reader = this.readers.get(readerId);
    if (reader === undefined) return false;
    // Built field by field: conditional spreads on the swipe path are slow in V8.
    const read: { at: number; card: PresentedCard | undefined; bits?: string; format?: string } = {
      at,
      card,
    };
    if (bits !== undefined) read.bits = bits;
    if (format !== undefined) read.format = format;
    this.lastReads.set(readerId, read);
    // An unknown card format still reaches the decision: it is denied as not found.
    const presented = card ?? UNKNOWN_CARD;
    const { doorId, side } = reader.place;
    const state = reader.actor?.getSnapshot().context;
    const assembling = state !== undefined && (state.digits !== "" || state.pendingCard !== undefined);
    if (!assembling && !this.cardNeedsPin(this.index.accessPoints.get(doorId)?.[side], at))
      this.submit(readerId, { doorId, side, factors: { card: presented } }, at);
    else this.sendReader(readerId, { type: "CARD", at, card: presented });
    return true;
  }

  /** A reader's actor state; undefined for a reader that has had no input yet (idle; online unless connecting). */
  readerState(readerId: string): ReaderContext | undefined {
    return this.readers.get(readerId)?.actor?.getSnapshot().context;
  }

  /** Whether a reader is online: as its actor says, else online unless its line has yet to report it up. */
  readerOnline(readerId: string): boolean {
    const reader = this.readers.get(readerId);
    return reader?.actor?.getSnapshot().context.online ?? !(reader?.connecting ?? false);
  }

  // ---- DecisionState -----------------------------------------------------------------------

  slot(doorId: string): Slot {
    return this.doorAccess.slot(doorId);
  }

  presence(zoneId: string, cardholderId: string): Presence | undefined {
    return this.zones.get(zoneId)?.getSnapshot().context.presence.get(cardholderId);
  }

  twoPersonWaiting(doorId: string, side: Side): TwoPersonWaiting | undefined {
    return this.doorAccess.twoPersonWaiting(doorId, side);
  }

  usage(credentialId: string): CredentialUsage {
    return this.usageByCredential.get(credentialId) ?? NEVER_USED;
  }

  // ---- the swipe path ----------------------------------------------------------------------

  /** Sends an input to a reader actor. */
  sendReader(readerId: string, event: ReaderEvent): boolean {
    const reader = this.readers.get(readerId);
    if (reader === undefined) return false;
    reader.actor ??= this.startReader(reader);
    reader.actor.send(event);
    return true;
  }

  /** Decides an assembled request and applies the outcome. */
  submit(readerId: string, request: AccessRequest, at: number): Decision {
    const decision = decide(request, this.index, this, at);
    const { doorId, side } = request;
    // Events spell their fields out: object spreads on the swipe path are slow in V8.
    for (const alarm of decision.alarms) {
      if (alarm.type === "Duress") this.duress(readerId, doorId, side, alarm, at);
      else
        this.publish({
          type: "AntiPassbackViolation",
          at,
          doorId,
          side,
          readerId,
          zoneId: alarm.zoneId,
          cardholderId: alarm.cardholderId,
          mode: alarm.mode,
        });
    }
    const outcome = decision.outcome;
    if (outcome.type === "granted") this.granted(readerId, doorId, side, outcome, at);
    else if (outcome.type === "pending") {
      const timeoutMs = this.index.accessPoints.get(doorId)?.[side].twoPerson?.timeoutMs ?? 0;
      this.publish({
        type: "TwoPersonPending",
        at,
        doorId,
        side,
        readerId,
        cardholderId: outcome.cardholderId,
      });
      this.doorAccess.send(doorId, {
        type: "TWO_PERSON_WAIT",
        at,
        side,
        cardholderId: outcome.cardholderId,
        credentialId: outcome.credentialId,
        timeoutMs,
      });
    } else {
      const denied: Extract<EngineEventInput, { type: "AccessDenied" }> & {
        -readonly [K in "detail" | "cardholderId" | "credentialId"]?: string;
      } = { type: "AccessDenied", at, doorId, side, readerId, reason: outcome.reason };
      if (outcome.detail !== undefined) denied.detail = outcome.detail;
      if (outcome.cardholderId !== undefined) denied.cardholderId = outcome.cardholderId;
      if (outcome.credentialId !== undefined) denied.credentialId = outcome.credentialId;
      this.publish(denied);
      if (
        request.factors.pin !== undefined &&
        (outcome.reason === "CredentialNotFound" || outcome.reason === "InvalidPIN")
      )
        this.sendReader(readerId, { type: "PIN_REJECTED", at });
    }
    // Driven at once, not through the reader actor: a second macrostep per swipe for a light is waste.
    this.feedback(readerId, OUTCOME_FEEDBACK[outcome.type]);
    return decision;
  }

  private duress(
    readerId: string,
    doorId: string,
    side: Side,
    alarm: { readonly cardholderId: string; readonly credentialId: string },
    at: number,
  ): void {
    this.publish({
      type: "Duress",
      at,
      doorId,
      side,
      readerId,
      cardholderId: alarm.cardholderId,
      credentialId: alarm.credentialId,
    });
  }

  /** A PIN typed into a locked keypad is not decided; a duress PIN still raises its silent alarm. */
  private lockedOutPin(readerId: string, pin: string, at: number): void {
    const place = this.readers.get(readerId)?.place;
    const alarm = duressAlarm(this.index, this.index.hasher.tag(pin));
    if (place !== undefined && alarm !== undefined)
      this.duress(readerId, place.doorId, place.side, alarm, at);
  }

  private granted(
    readerId: string,
    doorId: string,
    side: Side,
    outcome: Extract<Decision["outcome"], { type: "granted" }>,
    at: number,
  ): void {
    this.recordUse(outcome.credentialId, at);
    // A two-person grant is a grant for both: the first cardholder's credential is used too.
    const twoPerson = outcome.twoPerson;
    if (twoPerson !== undefined) this.recordUse(twoPerson.credentialId, at);
    // The second swipe of a double-swipe toggles the door's override instead of granting again.
    const last = this.lastGrant.get(doorId);
    const window = this.doubleSwipeMs.get(doorId);
    if (
      outcome.doubleSwipe &&
      window !== undefined &&
      last?.cardholderId === outcome.cardholderId &&
      at < last.at + window &&
      this.doorAccess.slot(doorId) === "none"
    ) {
      this.lastGrant.delete(doorId);
      this.doorAccess.send(doorId, { type: "DOUBLE_SWIPE", at, cardholderId: outcome.cardholderId });
      return;
    }
    this.lastGrant.set(doorId, { cardholderId: outcome.cardholderId, at });
    const cardholderIds = twoPerson ? [twoPerson.first, outcome.cardholderId] : [outcome.cardholderId];
    const grant: Grant = {
      grantId: `grant:${doorId}:${++this.grants}`,
      kind: "credential",
      cardholderIds,
      side,
      long: outcome.long,
      exempt: outcome.exemptFromLockdown,
    };
    const event: Extract<EngineEventInput, { type: "AccessGranted" }> & {
      -readonly [K in "credentialIds"]?: ReadonlyArray<string>;
    } = {
      type: "AccessGranted",
      at,
      doorId,
      side,
      readerId,
      grantId: grant.grantId,
      cardholderIds,
      credentialId: outcome.credentialId,
    };
    if (twoPerson !== undefined) event.credentialIds = [twoPerson.credentialId, outcome.credentialId];
    this.publish(event);
    this.doorAccess.send(doorId, { type: "GRANT", at, grant });
  }

  private recordUse(credentialId: string, at: number): void {
    this.usageByCredential.set(credentialId, recordUse(this.usage(credentialId), at));
  }

  /** Whether a REX on this side works now: a `rex` profile entry restricts it to its schedules. */
  rexAllowed(doorId: string, side: Side, at: number): boolean {
    const schedule = this.index.accessPoints.get(doorId)?.[side].rexSchedule;
    return schedule === undefined || schedule.isActive(at);
  }

  /**
   * Presence follows an `AccessTaken`: returns the zones left and entered, for the event. Internal
   * doors and doors in no zone move nobody.
   */
  taken(
    doorId: string,
    side: Side,
    cardholderIds: ReadonlyArray<string>,
    at: number,
  ): { fromZone?: string; toZone?: string } {
    const move = presenceMove(this.index, doorId, side);
    for (const zoneId of [move.fromZone, move.toZone]) {
      const zone = zoneId === undefined ? undefined : this.zones.get(zoneId);
      if (zone === undefined || zoneId === undefined) continue;
      for (const cardholderId of cardholderIds) {
        const presence = nextPresence(this.index, zoneId, this.presence(zoneId, cardholderId), move, at);
        zone.send({ type: "MOVE", cardholderId, presence });
      }
    }
    return move;
  }

  /** Operators forgive anti-passback: one cardholder or everybody, in one zone or all. */
  forgive(zoneId: string | undefined, cardholderId: string | undefined): void {
    for (const [id, zone] of this.zones)
      if (zoneId === undefined || zoneId === id)
        zone.send({ type: "FORGIVE", ...(cardholderId !== undefined && { cardholderId }) });
  }

  /** Presence and credential use, to persist or to carry into a rebuilt swipe path. */
  facts(): AccessFacts {
    return {
      presence: new Map([...this.zones].map(([id, zone]) => [id, zone.getSnapshot().context.presence])),
      usage: this.usageByCredential,
    };
  }

  stop(): void {
    for (const { actor } of this.readers.values()) actor?.stop();
    for (const zone of this.zones.values()) zone.stop();
  }
}
