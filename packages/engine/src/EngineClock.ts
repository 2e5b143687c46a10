/** The one clock every timer in Portcullis runs on (DESIGN §2). */
import { Clock, Context, Duration, Effect, Layer } from "effect";
import { TimerQueue, type QueuedTimer } from "./TimerQueue";

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
  /**
   * Fires now, in deadline order (ties in arming order), every armed timer due at or before `at`.
   * The site calls it before it routes an input stamped `at`, so that input sees every timer due by
   * then first however late the host's timers run (DESIGN §2), and no machine re-implements that.
   */
  runDue(at: number): void;
}

/** Service tag for the engine clock. */
export class EngineClockTag extends Context.Tag("@portcullis/engine/EngineClock")<
  EngineClockTag,
  EngineClock
>() {}

interface SystemTimer extends QueuedTimer {
  handle: ReturnType<typeof setTimeout> | undefined;
}

/** Node's limit: a longer delay fires at once (with a warning), so long timers wait in legs. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The wall clock on plain timers. A timer through an Effect fiber costs ~40x more than a plain one
 * and every swipe arms timers, so production timers stay on the host's own `setTimeout`; they are
 * also kept in deadline order here, so that {@link EngineClock.runDue} can fire the ones a busy event
 * loop has not run yet.
 */
export class SystemClock implements EngineClock {
  private readonly queue = new TimerQueue<SystemTimer>();
  private armed = 0;
  /**
   * The time timers armed now count from: a timer's own deadline while it fires (it may fire late,
   * and what it arms is due from when it was due), else the wall clock.
   */
  private firingAt: number | undefined;

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const timer: SystemTimer = {
      due: (this.firingAt ?? Date.now()) + Math.max(0, ms),
      order: this.armed++,
      fn,
      handle: undefined,
    };
    this.queue.add(timer);
    this.wait(timer);
    return timer;
  }

  clearTimeout(id: TimerId): void {
    const timer = id as SystemTimer;
    if (this.queue.cancel(timer)) clearTimeout(timer.handle);
  }

  runDue(at: number): void {
    const outer = this.firingAt;
    this.queue.runDue(at, this.firing);
    this.firingAt = outer;
  }

  private readonly firing = (timer: SystemTimer): void => {
    clearTimeout(timer.handle);
    this.firingAt = timer.due;
  };

  /** Arms the host timer; when it fires, everything due by then fires too, in order. */
  private wait(timer: SystemTimer): void {
    const delay = timer.due - Date.now();
    timer.handle = setTimeout(
      () => (delay > MAX_DELAY_MS ? this.wait(timer) : this.runDue(timer.due)),
      Math.min(Math.max(0, delay), MAX_DELAY_MS),
    );
  }
}

/** The production clock: one per process, so every timer of the host is in one order. */
export const systemClock: EngineClock = new SystemClock();

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
