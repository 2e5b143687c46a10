/** A virtual clock: a binary heap of deadlines advanced deadline by deadline (DESIGN §2). */
import { TimerQueue, type EngineClock, type QueuedTimer, type TimerId } from "@portcullis/engine";

/**
 * Virtual time for tests, replay and simulations. Unlike XState's `SimulatedClock`, timers armed
 * while advancing fire in the same advance when they fall due, and nothing is re-sorted per step.
 */
export class VirtualClock implements EngineClock {
  private readonly queue = new TimerQueue();
  private armed = 0;
  private nowMs: number;

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const timer: QueuedTimer = { due: this.nowMs + Math.max(0, ms), order: this.armed++, fn };
    this.queue.add(timer);
    return timer;
  }

  clearTimeout(id: TimerId): void {
    this.queue.cancel(id as QueuedTimer);
  }

  /** Number of armed, uncancelled timers. */
  get pending(): number {
    return this.queue.size;
  }

  /** Deadline of the next armed timer, if any. */
  nextDue(): number | undefined {
    return this.queue.peek()?.due;
  }

  /**
   * Fires every timer due at or before `at`, each at its deadline, and brings the time up to `at`:
   * an input stamped `at` means virtual time has got there.
   */
  runDue(at: number): void {
    this.queue.runDue(at, this.firing);
    if (at > this.nowMs) this.nowMs = at;
  }

  private readonly firing = (timer: QueuedTimer): void => {
    if (timer.due > this.nowMs) this.nowMs = timer.due;
  };

  /** Fires every timer due at or before `target`, in deadline order, then sets the time to `target`. */
  advanceTo(target: number): void {
    if (target < this.nowMs) throw new RangeError(`cannot go back in time: ${target} < ${this.nowMs}`);
    this.runDue(target);
  }

  /** Advances by `ms` milliseconds. */
  advance(ms: number): void {
    this.advanceTo(this.nowMs + ms);
  }

  /** Fires timers until none is left (bounded, so a self-re-arming timer cannot hang a test). */
  runAll(maxTimers = 1_000_000): void {
    for (let i = 0; i < maxTimers; i++) {
      const due = this.nextDue();
      if (due === undefined) return;
      this.advanceTo(due);
    }
    throw new Error(`runAll: more than ${maxTimers} timers`);
  }
}
