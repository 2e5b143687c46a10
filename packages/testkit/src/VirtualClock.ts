/** A virtual clock: a binary heap of deadlines advanced deadline by deadline (DESIGN §2). */
import type { EngineClock, TimerId } from "@portcullis/engine";

interface Timer {
  readonly id: number;
  readonly due: number;
  /** Arming order: ties on `due` fire in the order they were scheduled. */
  readonly order: number;
  readonly fn: () => void;
}

const before = (a: Timer, b: Timer): boolean => a.due < b.due || (a.due === b.due && a.order < b.order);

/**
 * Virtual time for tests, replay and simulations. Unlike XState's `SimulatedClock`, timers armed
 * while advancing fire in the same advance when they fall due, and nothing is re-sorted per step.
 */
export class VirtualClock implements EngineClock {
  private heap: Timer[] = [];
  /** Armed and not yet fired or cancelled; cancelled timers leave the heap lazily. */
  private readonly live = new Set<number>();
  private nextId = 1;
  private nowMs: number;

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const id = this.nextId++;
    this.live.add(id);
    this.push({ id, due: this.nowMs + Math.max(0, ms), order: id, fn });
    return id;
  }

  clearTimeout(id: TimerId): void {
    if (typeof id === "number") this.live.delete(id);
  }

  /** Number of armed, uncancelled timers. */
  get pending(): number {
    return this.live.size;
  }

  /** Deadline of the next armed timer, if any. */
  nextDue(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.due;
  }

  /** Fires every timer due at or before `target`, in deadline order, then sets the time to `target`. */
  advanceTo(target: number): void {
    if (target < this.nowMs) throw new RangeError(`cannot go back in time: ${target} < ${this.nowMs}`);
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (top === undefined || top.due > target) break;
      this.pop();
      this.live.delete(top.id);
      this.nowMs = top.due;
      top.fn();
    }
    this.nowMs = target;
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

  private dropCancelled(): void {
    while (this.heap.length > 0 && !this.live.has(this.heap[0]!.id)) this.pop();
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
