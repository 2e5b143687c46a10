/**
 * The reader actor: assembles what a person presents at one reader into access requests (a card, a
 * PIN, card then PIN, a plate), keeps the last raw read for enrolment, drives reader feedback, and
 * tracks keypad lockout, tamper and online state.
 */
import { enqueueActions, setup } from "xstate";
import type { EngineEventInput, Side } from "../events";
import type { AccessRequest, PresentedCard } from "../decision/reasons";

/** How a reader signals an outcome to the person in front of it; duress looks exactly like no duress. */
export type FeedbackIntent = "grant" | "deny" | "waiting-second-person" | "enter-pin" | "alert";

/** The last card a reader saw, known or not ("get last swiped card data"). */
export interface LastRead {
  readonly at: number;
  readonly card: PresentedCard | undefined;
  /** Raw bits in transmission order, when the reader delivered them. */
  readonly bits?: string;
  /** The card format that decoded the bits, if any did. */
  readonly format?: string;
}

/** Keypad settings of a reader (site PIN configuration, or the reader's custom length): see `keypadSettings`. */
export interface KeypadSettings {
  readonly minLength: number;
  readonly maxLength: number;
  readonly endCharacter: "#" | "*";
  readonly interDigitMs: number;
  /** How long a card waits for its PIN when the profile asks for card and PIN. */
  readonly cardThenPinMs: number;
  /** Keypad lockout: this many wrong PINs within `windowMs` lock the keypad for `lockoutMs`. */
  readonly lockoutAttempts: number;
  readonly lockoutWindowMs: number;
  readonly lockoutMs: number;
}

/** What a rebuilt reader keeps of the one that failed: device status and keypad lockout. */
export interface ReaderStatus {
  readonly online: boolean;
  readonly error: boolean;
  readonly tamper: boolean;
  readonly wrongPins: ReadonlyArray<number>;
  readonly lockedOutUntil: number | undefined;
}

/** What a reader actor is built from. */
export interface ReaderInput {
  readonly readerId: string;
  readonly doorId: string;
  readonly side: Side;
  readonly keypad: KeypadSettings;
  readonly at: number;
  readonly publish: (event: EngineEventInput) => void;
  /** Hands an assembled request to the site, which decides and drives the reader's feedback. */
  readonly submit: (readerId: string, request: AccessRequest, at: number) => void;
  /** A PIN entered while the keypad is locked out: never decided, only checked for duress (DESIGN §5 step 0). */
  readonly lockedOutPin: (readerId: string, pin: string, at: number) => void;
  /** Whether a card presented at `at` must be followed by a PIN (the active profile entries say so). */
  readonly cardNeedsPin: (at: number) => boolean;
  /** Drives the reader's LED and buzzer synchronously. */
  readonly feedback: (readerId: string, intent: FeedbackIntent) => void;
  /** A reader rebuilt after an error starts from the failed one's status; a lockout keeps running. */
  readonly restore?: ReaderStatus;
  /** A reader whose line reports its status (OSDP) starts offline, connecting until its first valid reply. */
  readonly connecting: boolean;
}

/** Events of a reader actor. */
export type ReaderEvent =
  /** A card the reader must assemble with a PIN (the site decides plain cards without the actor). */
  | { readonly type: "CARD"; readonly at: number; readonly card: PresentedCard }
  | { readonly type: "KEY"; readonly at: number; readonly key: string }
  | { readonly type: "PLATE"; readonly at: number; readonly plate: string }
  /** The site found the PIN wrong: it counts toward keypad lockout. */
  | { readonly type: "PIN_REJECTED"; readonly at: number }
  /** Device status: `error` is a reader that cannot run Secure Channel as configured (DESIGN §3). */
  | { readonly type: "ONLINE"; readonly at: number; readonly online: boolean; readonly error?: boolean }
  | { readonly type: "TAMPER"; readonly at: number; readonly active: boolean }
  | { readonly type: "DIGIT_TIMEOUT"; readonly at: number }
  | { readonly type: "PIN_TIMEOUT"; readonly at: number }
  | { readonly type: "LOCKOUT_END"; readonly at: number };

/** Context of a reader actor. */
export interface ReaderContext extends ReaderInput {
  readonly digits: string;
  /** Some of `digits` were typed while the keypad was locked out: the PIN is not decided. */
  readonly digitsLockedOut: boolean;
  /** A card waiting for its PIN. */
  readonly pendingCard: PresentedCard | undefined;
  readonly wrongPins: ReadonlyArray<number>;
  readonly lockedOutUntil: number | undefined;
  readonly online: boolean;
  readonly error: boolean;
  readonly tamper: boolean;
}

const DIGIT = "digit";
const PIN = "pin";
const LOCKOUT = "lockout";

type Enqueue = Parameters<
  Parameters<
    typeof enqueueActions<
      ReaderContext,
      ReaderEvent,
      undefined,
      ReaderEvent,
      never,
      never,
      never,
      never,
      never
    >
  >[0]
>[0]["enqueue"];

const request = (c: ReaderContext, factors: AccessRequest["factors"], pinTimeout = false): AccessRequest => ({
  doorId: c.doorId,
  side: c.side,
  factors,
  ...(pinTimeout && { pinTimeout }),
});

/** Sends a request and clears what was being assembled. */
const submit = (enqueue: Enqueue, c: ReaderContext, at: number, req: AccessRequest) => {
  // Only what is armed is cancelled: a plain card swipe, the common case, touches no timer.
  if (c.digits !== "") enqueue.cancel(DIGIT);
  if (c.pendingCard) enqueue.cancel(PIN);
  if (c.digits !== "" || c.pendingCard)
    enqueue.assign({ digits: "", digitsLockedOut: false, pendingCard: undefined });
  enqueue(() => c.submit(c.readerId, req, at));
};

const isLockedOut = (c: ReaderContext, at: number): boolean =>
  c.lockedOutUntil !== undefined && at < c.lockedOutUntil;

/**
 * PIN digits end with the end character, at the maximum length, or when the next digit is too late. A PIN
 * typed into a locked keypad is not decided (a lockout stops guessing), but a duress PIN still raises its
 * silent alarm: the person under threat cannot know the keypad is locked. A card waiting for its PIN keeps
 * waiting.
 */
const pinDone = (enqueue: Enqueue, c: ReaderContext, at: number, digits: string) => {
  if (c.digitsLockedOut || isLockedOut(c, at)) {
    if (c.digits !== "") enqueue.cancel(DIGIT);
    enqueue.assign({ digits: "", digitsLockedOut: false });
    if (digits !== "") enqueue(() => c.lockedOutPin(c.readerId, digits, at));
    return;
  }
  if (c.pendingCard) return submit(enqueue, c, at, request(c, { card: c.pendingCard, pin: digits }));
  submit(enqueue, c, at, request(c, { pin: digits }));
};

/** The reader machine. */
export const readerMachine = setup({
  types: { context: {} as ReaderContext, events: {} as ReaderEvent, input: {} as ReaderInput },
  actions: {
    card: enqueueActions(({ context: c, event, enqueue }) => {
      if (event.type !== "CARD") return;
      const card = event.card;
      if (c.cardNeedsPin(event.at)) {
        enqueue.cancel(DIGIT);
        enqueue.assign({ pendingCard: card, digits: "" });
        enqueue.raise(
          { type: "PIN_TIMEOUT", at: event.at + c.keypad.cardThenPinMs },
          { id: PIN, delay: c.keypad.cardThenPinMs },
        );
        enqueue(() => c.feedback(c.readerId, "enter-pin"));
        return;
      }
      submit(enqueue, c, event.at, request(c, { card }));
    }),
    key: enqueueActions(({ context: c, event, enqueue }) => {
      if (event.type !== "KEY") return;
      // A locked keypad answers every key with deny, and goes on assembling for the duress check.
      const lockedOut = isLockedOut(c, event.at);
      if (lockedOut) enqueue(() => c.feedback(c.readerId, "deny"));
      if (event.key === c.keypad.endCharacter) {
        if (c.digits.length > 0 || c.pendingCard) pinDone(enqueue, c, event.at, c.digits);
        return;
      }
      if (!/^[0-9]$/.test(event.key)) return;
      const digits = c.digits + event.key;
      if (digits.length >= c.keypad.maxLength) return pinDone(enqueue, c, event.at, digits);
      enqueue.assign({ digits, digitsLockedOut: c.digitsLockedOut || lockedOut });
      enqueue.cancel(DIGIT);
      enqueue.raise(
        { type: "DIGIT_TIMEOUT", at: event.at + c.keypad.interDigitMs },
        { id: DIGIT, delay: c.keypad.interDigitMs },
      );
    }),
    digitTimeout: enqueueActions(({ context: c, event, enqueue }) => {
      // A PIN long enough stands on its own when the next digit never comes; a short one was abandoned.
      if (c.digits.length >= c.keypad.minLength) return pinDone(enqueue, c, event.at, c.digits);
      if (c.pendingCard) return submit(enqueue, c, event.at, request(c, { card: c.pendingCard }, true));
      enqueue.assign({ digits: "", digitsLockedOut: false });
    }),
    pinTimeout: enqueueActions(({ context: c, event, enqueue }) => {
      if (c.pendingCard) submit(enqueue, c, event.at, request(c, { card: c.pendingCard }, true));
    }),
    plate: enqueueActions(({ context: c, event, enqueue }) => {
      if (event.type === "PLATE") submit(enqueue, c, event.at, request(c, { plate: event.plate }));
    }),
    pinRejected: enqueueActions(({ context: c, event, enqueue }) => {
      const k = c.keypad;
      const recent = [...c.wrongPins.filter((t) => t > event.at - k.lockoutWindowMs), event.at];
      if (recent.length < k.lockoutAttempts) return enqueue.assign({ wrongPins: recent });
      const until = event.at + k.lockoutMs;
      enqueue.assign({ wrongPins: [], lockedOutUntil: until, digits: "", digitsLockedOut: false });
      enqueue.raise({ type: "LOCKOUT_END", at: until }, { id: LOCKOUT, delay: k.lockoutMs });
      enqueue(() =>
        c.publish({ type: "KeypadLockout", at: event.at, readerId: c.readerId, doorId: c.doorId, until }),
      );
    }),
    lockoutEnd: enqueueActions(({ enqueue }) => enqueue.assign({ lockedOutUntil: undefined })),
    resumeLockout: enqueueActions(({ context: c, enqueue }) => {
      const until = c.lockedOutUntil;
      if (until === undefined) return;
      if (until <= c.at) return enqueue.assign({ lockedOutUntil: undefined });
      enqueue.raise({ type: "LOCKOUT_END", at: until }, { id: LOCKOUT, delay: until - c.at });
    }),
    online: enqueueActions(({ context: c, event, enqueue }) => {
      if (event.type !== "ONLINE") return;
      if ((event.error ?? false) !== c.error) enqueue.assign({ error: event.error ?? false });
      if (event.online === c.online) return;
      enqueue.assign({ online: event.online });
      const type = event.online ? "ReaderOnline" : "ReaderOffline";
      enqueue(() => c.publish({ type, at: event.at, readerId: c.readerId, doorId: c.doorId }));
    }),
    tamper: enqueueActions(({ context: c, event, enqueue }) => {
      if (event.type !== "TAMPER" || event.active === c.tamper) return;
      enqueue.assign({ tamper: event.active });
      enqueue(() =>
        c.publish({
          type: "Tamper",
          at: event.at,
          readerId: c.readerId,
          doorId: c.doorId,
          active: event.active,
        }),
      );
    }),
  },
}).createMachine({
  id: "reader",
  context: ({ input }) => ({
    ...input,
    digits: "",
    digitsLockedOut: false,
    pendingCard: undefined,
    wrongPins: input.restore?.wrongPins ?? [],
    lockedOutUntil: input.restore?.lockedOutUntil,
    online: input.restore?.online ?? !input.connecting,
    error: input.restore?.error ?? false,
    tamper: input.restore?.tamper ?? false,
  }),
  entry: "resumeLockout",
  on: {
    CARD: { actions: "card" },
    KEY: { actions: "key" },
    DIGIT_TIMEOUT: { actions: "digitTimeout" },
    PIN_TIMEOUT: { actions: "pinTimeout" },
    PLATE: { actions: "plate" },
    PIN_REJECTED: { actions: "pinRejected" },
    LOCKOUT_END: { actions: "lockoutEnd" },
    ONLINE: { actions: "online" },
    TAMPER: { actions: "tamper" },
  },
});
