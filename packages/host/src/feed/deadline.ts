/** A timer for a moment possibly weeks away (a token's expiry), on the injected clock. */
import type { EngineClock, TimerId } from "@portcullis/engine";

// Node's setTimeout fires at once (with a warning) past 2^31 - 1 ms, about 24.8 days.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Runs `fn` once the clock reaches `at` (at once if it has); returns a cancel function. */
export const runAt = (clock: EngineClock, at: number, fn: () => void): (() => void) => {
  let timer: TimerId | undefined;
  const arm = (): void => {
    const wait = at - clock.now();
    if (wait <= 0) {
      timer = undefined;
      fn();
      return;
    }
    timer = clock.setTimeout(arm, Math.min(wait, LONGEST_TIMER_MS));
  };
  arm();
  return () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };
};
