/**
 * A wall clock whose timers fire within tens of microseconds of their deadline, for simulated field devices in a
 * real-time bench. Node's timers fire no sooner than the next whole millisecond of the event loop's cached time, so
 * a simulated 115 200 baud line on them stretches each 0.8 ms frame and each 1 ms turnaround to 1–2 ms, and a round
 * of polls by half again: the bench would time its own simulation, not the host. Here a timer waits on Node's timer
 * until a margin before its deadline, sleeps on a futex (`Atomics.wait`) until just before it (the kernel wakes a
 * sleeper ~50–100 µs late), and spins the last of it.
 *
 * Only for a process of its own: that sleep holds its event loop for up to the margin.
 */
import { type EngineClock, type QueuedTimer, type TimerId, TimerQueue } from "@portcullis/engine";

/** Node's timer may fire up to a millisecond early against `performance.now()` (its loop time lags). */
const MARGIN_MS = 1.5;
const SLEEP_AT_MOST_MS = MARGIN_MS + 1;
/** The futex's own lateness: the last of a wait is spun. */
const SPIN_MS = 0.12;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export class PreciseClock implements EngineClock {
  private readonly queue = new TimerQueue();
  private armed = 0;
  /** The deadline the pending wake-up is for, and how to cancel it. */
  private wake: { readonly due: number; readonly cancel: () => void } | undefined;

  now(): number {
    return performance.timeOrigin + performance.now();
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const timer: QueuedTimer = { due: this.now() + Math.max(0, ms), order: this.armed++, fn };
    this.queue.add(timer);
    this.arm();
    return timer;
  }

  clearTimeout(id: TimerId): void {
    // A wake-up left for a cancelled timer finds nothing due and re-arms for the next.
    this.queue.cancel(id as QueuedTimer);
  }

  runDue(at: number): void {
    this.queue.runDue(at, () => undefined);
  }

  private arm(): void {
    const next = this.queue.peek();
    if (next === undefined || (this.wake !== undefined && this.wake.due <= next.due)) return;
    this.wake?.cancel();
    const lead = next.due - this.now() - MARGIN_MS;
    if (lead > 0) {
      const handle = setTimeout(this.onWake, lead);
      this.wake = { due: next.due, cancel: () => clearTimeout(handle) };
    } else {
      const handle = setImmediate(this.onWake);
      this.wake = { due: next.due, cancel: () => clearImmediate(handle) };
    }
  }

  private readonly onWake = (): void => {
    this.wake = undefined;
    const next = this.queue.peek();
    if (next !== undefined) {
      const rest = next.due - this.now();
      if (rest <= SLEEP_AT_MOST_MS) {
        if (rest > SPIN_MS) Atomics.wait(sleeper, 0, 0, rest - SPIN_MS);
        while (this.now() < next.due);
        this.runDue(this.now());
      }
    }
    this.arm();
  };
}
