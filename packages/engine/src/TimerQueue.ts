/** Armed timers in firing order (DESIGN §2): by deadline, ties in arming order. */

/** A timer held by a {@link TimerQueue}; `fn` is cleared once it has fired or been cancelled. */
export interface QueuedTimer {
  readonly due: number;
  /** Arming order: timers due together fire in the order they were armed. */
  readonly order: number;
  fn: (() => void) | undefined;
}

const before = (a: QueuedTimer, b: QueuedTimer): boolean =>
  a.due < b.due || (a.due === b.due && a.order < b.order);

/** Cancelled timers are dropped when they reach the top, or all at once when they outnumber the live ones. */
const COMPACT_AT = 1_024;

/**
 * A binary heap of timers. Cancelling only marks a timer (every swipe arms and cancels timers, and
 * a heap cannot remove from the middle cheaply); marked timers leave when they surface.
 */
export class TimerQueue<T extends QueuedTimer = QueuedTimer> {
  private heap: T[] = [];
  private cancelled = 0;
  private armed = 0;

  /** Timers armed and neither fired nor cancelled. */
  get size(): number {
    return this.armed;
  }

  /** Adds a timer; its `order` must grow with every timer added. */
  add(timer: T): void {
    this.armed++;
    const h = this.heap;
    h.push(timer);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(timer, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = timer;
  }

  /** Cancels a timer that has not fired; returns whether it was still armed. */
  cancel(timer: T): boolean {
    if (timer.fn === undefined) return false;
    timer.fn = undefined;
    this.armed--;
    if (++this.cancelled >= COMPACT_AT && this.cancelled > this.armed) this.compact();
    return true;
  }

  /** The next timer to fire, if any. */
  peek(): T | undefined {
    const h = this.heap;
    while (h.length > 0 && h[0]!.fn === undefined) {
      this.pop();
      this.cancelled--;
    }
    return h[0];
  }

  /**
   * Fires, in order, every timer due at or before `at`, including those armed meanwhile. `firing`
   * runs just before each one (a clock sets its time or its arming base there).
   */
  runDue(at: number, firing: (timer: T) => void): void {
    for (;;) {
      const top = this.peek();
      if (top === undefined || top.due > at) return;
      this.pop();
      const fn = top.fn!;
      top.fn = undefined;
      this.armed--;
      firing(top);
      fn();
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    this.sink(last, 0);
  }

  /** Places `t` at `i` or below, moving smaller children up. */
  private sink(t: T, i: number): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[m]!, t)) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = t;
  }

  private compact(): void {
    const h = this.heap.filter((t) => t.fn !== undefined);
    this.heap = h;
    this.cancelled = 0;
    for (let i = (h.length >> 1) - 1; i >= 0; i--) this.sink(h[i]!, i);
  }
}
