/** Resolves the site's PIN configuration and a reader's custom PIN length into the settings its keypad runs on. */
import type { KeypadSettings } from "./actors/readerMachine";
import type { PinConfig, ReaderPin } from "./model/Pin";

/** How long a keypad waits for the next digit, and a card for its PIN. */
const INTER_DIGIT_MS = 5_000;
const CARD_THEN_PIN_MS = 10_000;

/** A reader's keypad: its custom PIN length and end key if it has them, else the site's; the site's lockout. */
export const keypadSettings = (pin: PinConfig, reader: ReaderPin | undefined): KeypadSettings => ({
  minLength: reader?.minLength ?? pin.minLength,
  maxLength: reader?.maxLength ?? pin.maxLength,
  endCharacter: reader?.endCharacter ?? pin.endCharacter,
  interDigitMs: INTER_DIGIT_MS,
  cardThenPinMs: CARD_THEN_PIN_MS,
  lockoutAttempts: pin.lockout.attempts,
  lockoutWindowMs: pin.lockout.windowS * 1000,
  lockoutMs: pin.lockout.durationS * 1000,
});
