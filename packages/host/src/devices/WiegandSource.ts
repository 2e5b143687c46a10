/** A Wiegand reader as an input source: D0/D1 edges framed by the protocols' framer, pushed as card bits or keys. */
import type { EngineClock } from "@portcullis/engine";
import {
  decodeKeypadBurst,
  type KeypadMapping,
  makeWiegandFramer,
  type WiegandBurst,
  type WiegandEdge,
  type WiegandFramer,
} from "@portcullis/protocols";
import type { InputSink, InputSource } from "./InputSource";

/** The reader, its keypad and its framing. */
export interface WiegandSourceOptions {
  readonly readerId: string;
  /** The clock the edges' `at` are on; the end-of-frame gap is timed on it. */
  readonly clock: EngineClock;
  /** Present when the reader sends keypad bursts: 4- and 8-bit frames are then keys (DESIGN §7). */
  readonly keypad?: KeypadMapping;
  /** Silence that ends a frame (default 25 ms, DESIGN §7). */
  readonly endOfFrameGapMs?: number;
}

/**
 * One Wiegand reader port. The GPIO driver (or a simulated `WiegandLine`) calls `edge` for every level change; a
 * frame ends after the gap and goes to the site as bits, for the site's card decoder and the reader's formats.
 * Noise bursts and rejected key bursts are dropped: they are no credential.
 */
export class WiegandSource implements InputSource {
  private readonly framer: WiegandFramer;
  private sink: InputSink | undefined;
  private timer: unknown;

  constructor(private readonly options: WiegandSourceOptions) {
    this.framer = makeWiegandFramer(
      options.endOfFrameGapMs === undefined ? {} : { endOfFrameGapMs: options.endOfFrameGapMs },
    );
  }

  readonly start = (sink: InputSink): void => {
    this.sink = sink;
  };

  readonly stop = (): void => {
    this.sink = undefined;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  };

  /** A level change on D0 or D1; ignored while stopped. */
  readonly edge = (edge: WiegandEdge): void => {
    if (this.sink === undefined) return;
    const ended = this.framer.push(edge);
    if (ended !== undefined) this.deliver(ended);
    // One timer per frame, pushed back while edges keep coming, rather than one per edge.
    if (this.timer === undefined) this.armGap();
  };

  private armGap(): void {
    const deadline = this.framer.deadline;
    if (deadline === undefined) return;
    const clock = this.options.clock;
    this.timer = clock.setTimeout(
      () => {
        this.timer = undefined;
        const burst = this.framer.poll(clock.now());
        if (burst === undefined) this.armGap();
        else this.deliver(burst);
      },
      Math.max(0, deadline - clock.now()),
    );
  }

  private deliver(burst: WiegandBurst): void {
    if (burst._tag === "WiegandNoise" || this.sink === undefined) return;
    const { readerId, keypad } = this.options;
    const { bits, at } = burst;
    if (keypad !== undefined && (bits.length === 4 || bits.length === 8)) {
      const key = decodeKeypadBurst(bits, keypad);
      if (key._tag === "KeyPressed") this.sink({ type: "keys", readerId, at, keys: key.key });
      return;
    }
    this.sink({ type: "card", readerId, at, bits });
  }
}
