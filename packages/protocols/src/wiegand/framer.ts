/** Assembling Wiegand D0/D1 pulses into frames; pure and clock-free, the caller owns the clock. */

/** A level change on a data line; a Wiegand bit is a short low pulse on D0 (0) or D1 (1). */
export interface WiegandEdge {
  readonly line: "D0" | "D1";
  readonly level: "low" | "high";
  /** Milliseconds, on the caller's clock. */
  readonly at: number;
}

/** A complete frame: bits in transmission order, `at` the moment its end-of-frame gap elapsed. */
export interface WiegandFrame {
  readonly _tag: "WiegandFrame";
  readonly bits: string;
  readonly at: number;
}

/** A burst longer than any card format: line noise or a wiring fault, reported rather than decoded. */
export interface WiegandNoise {
  readonly _tag: "WiegandNoise";
  readonly pulses: number;
  readonly at: number;
}

/** What the framer hands over when a burst ends. */
export type WiegandBurst = WiegandFrame | WiegandNoise;

/** Framer settings. */
export interface WiegandFramerOptions {
  /** Silence that ends a frame, ms (DESIGN §7: 25 ms). */
  readonly endOfFrameGapMs?: number;
  /** Longest frame kept; longer bursts become {@link WiegandNoise} (card formats reach 256 bits). */
  readonly maxBits?: number;
}

/** Incremental framer: feed edges as they come, poll when its {@link WiegandFramer.deadline} passes. */
export interface WiegandFramer {
  /** Takes one edge; returns the previous burst when this edge comes after its end-of-frame gap. */
  push(edge: WiegandEdge): WiegandBurst | undefined;
  /** Closes the burst in progress if its end-of-frame gap has passed by `at`. */
  poll(at: number): WiegandBurst | undefined;
  /** When {@link WiegandFramer.poll} will close the burst in progress; `undefined` when idle. */
  readonly deadline: number | undefined;
}

/** Default end-of-frame gap, ms (DESIGN §7). */
export const DEFAULT_END_OF_FRAME_GAP_MS = 25;

/** Creates a framer. */
export const makeWiegandFramer = (options: WiegandFramerOptions = {}): WiegandFramer => {
  const gap = options.endOfFrameGapMs ?? DEFAULT_END_OF_FRAME_GAP_MS;
  const maxBits = options.maxBits ?? 256;
  let bits = "";
  let pulses = 0;
  let lastEdgeAt = 0;

  const close = (): WiegandBurst => {
    const at = lastEdgeAt + gap;
    const burst: WiegandBurst =
      pulses > maxBits ? { _tag: "WiegandNoise", pulses, at } : { _tag: "WiegandFrame", bits, at };
    bits = "";
    pulses = 0;
    return burst;
  };
  // Compared as `at >= last + gap`, the very sum `deadline` gives, so polling at the deadline closes.
  const poll = (at: number): WiegandBurst | undefined =>
    pulses > 0 && at >= lastEdgeAt + gap ? close() : undefined;

  return {
    push(edge) {
      const ended = poll(edge.at);
      // Rising edges only end pulses; they still count as line activity for the gap.
      if (edge.level === "low" && ++pulses <= maxBits) bits += edge.line === "D0" ? "0" : "1";
      if (pulses > 0) lastEdgeAt = edge.at;
      return ended;
    },
    poll,
    get deadline() {
      return pulses > 0 ? lastEdgeAt + gap : undefined;
    },
  };
};
