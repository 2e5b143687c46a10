/** The one clock every timer in Portcullis runs on (DESIGN §2). */
import { Clock, Context, Duration, Effect, Layer } from "effect";

/** Opaque handle of an armed timer. */
export type TimerId = unknown;

/**
 * Time source and timer service. XState actors take it as their `clock`; Effect code sees it
 * through {@link effectClock}. Production uses {@link systemClock}; tests use the testkit's
 * `VirtualClock`.
 */
export interface EngineClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

/** Service tag for the engine clock. */
export class EngineClockTag extends Context.Tag("@portcullis/engine/EngineClock")<
  EngineClockTag,
  EngineClock
>() {}

/**
 * The wall clock on plain timers. A timer through an Effect fiber costs ~40x more than a plain one
 * and every swipe arms timers, so production timers stay on the host's own `setTimeout`.
 */
export const systemClock: EngineClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** Effect's `Clock` backed by an engine clock, so Effect code sees virtual time in tests. */
export const effectClock = (clock: EngineClock): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: () => clock.now(),
  unsafeCurrentTimeNanos: () => BigInt(clock.now()) * 1_000_000n,
  currentTimeMillis: Effect.sync(() => clock.now()),
  currentTimeNanos: Effect.sync(() => BigInt(clock.now()) * 1_000_000n),
  sleep: (duration: Duration.Duration) =>
    Effect.async<void>((resume) => {
      const id = clock.setTimeout(() => resume(Effect.void), Duration.toMillis(duration));
      return Effect.sync(() => clock.clearTimeout(id));
    }),
});

/** Provides both the engine clock service and Effect's default `Clock` from one clock. */
export const layerEngineClock = (clock: EngineClock): Layer.Layer<EngineClockTag> =>
  Layer.merge(Layer.succeed(EngineClockTag, clock), Layer.setClock(effectClock(clock)));
