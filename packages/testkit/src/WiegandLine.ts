/** A simulated Wiegand reader line: bit strings and key presses turned into timed D0/D1 edges. */
import type { EngineClock } from "@portcullis/engine";
import {
  defaultKeypadMapping,
  encodeKeypadBurst,
  type KeypadKey,
  type KeypadMapping,
  type WiegandBurst,
  type WiegandEdge,
  type WiegandFramer,
} from "@portcullis/protocols";

/** Pulse timing, ms. */
export interface WiegandLineTiming {
  readonly pulseWidthMs: number;
  readonly bitIntervalMs: number;
  /** From one key's burst to the next: a person's typing, far above the end-of-frame gap. */
  readonly keyIntervalMs: number;
}

/** What real readers do: ~50 µs pulses every ~2 ms. */
export const defaultWiegandLineTiming: WiegandLineTiming = {
  pulseWidthMs: 0.05,
  bitIntervalMs: 2,
  keyIntervalMs: 150,
};

/** Keypad burst settings of a simulated reader. */
export interface WiegandKeypadOptions {
  readonly burst: 4 | 8;
  readonly mapping?: KeypadMapping;
}

/** The edges of one frame whose first pulse starts at `at`. */
export const wiegandFrameEdges = (
  bits: string,
  at: number,
  timing: WiegandLineTiming = defaultWiegandLineTiming,
): Array<WiegandEdge> =>
  Array.from(bits).flatMap((bit, i): Array<WiegandEdge> => {
    const line = bit === "0" ? "D0" : "D1";
    const start = at + i * timing.bitIntervalMs;
    return [
      { line, level: "low", at: start },
      { line, level: "high", at: start + timing.pulseWidthMs },
    ];
  });

/** The bursts a keypad sends for `keys`, one per key. */
export const wiegandKeyBursts = (
  keys: ReadonlyArray<KeypadKey>,
  options: WiegandKeypadOptions,
): Array<string> =>
  keys.map((key) => encodeKeypadBurst(key, options.burst, options.mapping ?? defaultKeypadMapping));

/** The edges of several frames sent one after another, `intervalMs` from start to start. */
export const wiegandBurstEdges = (
  frames: ReadonlyArray<string>,
  at: number,
  intervalMs: number,
  timing: WiegandLineTiming = defaultWiegandLineTiming,
): Array<WiegandEdge> => frames.flatMap((bits, i) => wiegandFrameEdges(bits, at + i * intervalMs, timing));

/** What a controller's framer makes of `edges`: pushes them all, then polls once the line is quiet. */
export const receiveWiegand = (
  framer: WiegandFramer,
  edges: ReadonlyArray<WiegandEdge>,
): Array<WiegandBurst> => {
  const bursts: Array<WiegandBurst> = [];
  for (const edge of edges) {
    const burst = framer.push(edge);
    if (burst !== undefined) bursts.push(burst);
  }
  const deadline = framer.deadline;
  const last = deadline === undefined ? undefined : framer.poll(deadline);
  if (last !== undefined) bursts.push(last);
  return bursts;
};

/**
 * A reader wired to a controller, in (virtual) time: each send schedules its edges on the clock
 * and delivers them to `onEdge` as they fall due. Sends queue behind a transmission in progress.
 */
export class WiegandLine {
  private busyUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: EngineClock,
    private readonly onEdge: (edge: WiegandEdge) => void,
    private readonly timing: WiegandLineTiming = defaultWiegandLineTiming,
  ) {}

  /** Sends one card frame (bits in transmission order). */
  sendFrame(bits: string): void {
    this.schedule(wiegandFrameEdges(bits, this.startAt(), this.timing));
  }

  /** Types `keys` on the reader's keypad, one burst per key. */
  sendKeys(keys: ReadonlyArray<KeypadKey>, options: WiegandKeypadOptions): void {
    const bursts = wiegandKeyBursts(keys, options);
    this.schedule(wiegandBurstEdges(bursts, this.startAt(), this.timing.keyIntervalMs, this.timing));
  }

  private startAt(): number {
    return Math.max(this.clock.now(), this.busyUntil);
  }

  private schedule(edges: ReadonlyArray<WiegandEdge>): void {
    const now = this.clock.now();
    for (const edge of edges) this.clock.setTimeout(() => this.onEdge(edge), edge.at - now);
    // The next send starts a key interval later, well past the end-of-frame gap.
    this.busyUntil = (edges[edges.length - 1]?.at ?? now) + this.timing.keyIntervalMs;
  }
}
