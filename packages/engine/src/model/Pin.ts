/** PIN entry on keypads (seed "Card formats and PIN", "Add a reader" step 5; DESIGN §3): lengths, end key, lockout. */
import { Schema } from "effect";
import type { SiteConfig } from "./Site";

const PinLength = Schema.Number.pipe(Schema.int(), Schema.between(1, 32));
const EndOfPin = Schema.Literal("#", "*");
const Seconds = Schema.Number.pipe(Schema.int(), Schema.between(1, 86_400));

/** Lengths a keypad accepts: a PIN ends at `maxLength`, or from `minLength` when the next digit is too late. */
export interface PinLengthRange {
  readonly minLength: number;
  readonly maxLength: number;
}

const minNotAboveMax = <A extends PinLengthRange>(p: A) =>
  p.minLength <= p.maxLength || { path: ["maxLength"], message: "below minLength" };

/** Keypad lockout: `attempts` wrong PINs within `windowS` lock a reader's keypad for `durationS`. */
export const KeypadLockoutConfig = Schema.Struct({
  attempts: Schema.optionalWith(Schema.Number.pipe(Schema.int(), Schema.between(1, 1_000)), {
    default: () => 5,
  }),
  windowS: Schema.optionalWith(Seconds, { default: () => 60 }),
  durationS: Schema.optionalWith(Seconds, { default: () => 60 }),
});
export type KeypadLockoutConfig = typeof KeypadLockoutConfig.Type;

/** The site's PIN configuration: lengths and end-of-PIN key for every keypad, and the keypad lockout. */
export const PinConfig = Schema.Struct({
  minLength: Schema.optionalWith(PinLength, { default: () => 4 }),
  maxLength: Schema.optionalWith(PinLength, { default: () => 6 }),
  endCharacter: Schema.optionalWith(EndOfPin, { default: () => "#" as const }),
  lockout: Schema.optionalWith(KeypadLockoutConfig, {
    default: () => Schema.decodeSync(KeypadLockoutConfig)({}),
  }),
}).pipe(Schema.filter(minNotAboveMax));
export type PinConfig = typeof PinConfig.Type;

/** A reader's custom PIN length (seed "Add a reader" step 5); without an end character it keeps the site's. */
export const ReaderPin = Schema.Struct({
  minLength: PinLength,
  maxLength: PinLength,
  endCharacter: Schema.optional(EndOfPin),
}).pipe(Schema.filter(minNotAboveMax));
export type ReaderPin = typeof ReaderPin.Type;

/**
 * The PIN lengths keypads of the site accept: the site's, then each distinct custom length of a reader. A PIN
 * credential must fit one of them, or no keypad could take it.
 */
export const pinLengthsOf = (pin: PinLengthRange, site: SiteConfig): ReadonlyArray<PinLengthRange> => {
  const ranges: PinLengthRange[] = [{ minLength: pin.minLength, maxLength: pin.maxLength }];
  for (const door of site.doors)
    if (door.type !== "monitoring")
      for (const reader of [...door.sides.A.readers, ...door.sides.B.readers]) {
        const custom = reader.pin;
        if (
          custom &&
          !ranges.some((r) => r.minLength === custom.minLength && r.maxLength === custom.maxLength)
        )
          ranges.push({ minLength: custom.minLength, maxLength: custom.maxLength });
      }
  return ranges;
};
