/** The incremental OSDP framer: bytes arrive in arbitrary chunks, complete frames (and errors) come out. */
import { Either } from "effect";
import { FrameError } from "./errors";
import {
  decodeFrameAt,
  type Frame,
  HEADER_LENGTH,
  MARK,
  MAX_FRAME_LENGTH,
  MIN_FRAME_LENGTH,
  readLength,
  SOM,
} from "./frame";

/** What one `push` yields, in line order: a frame or the reason bytes were skipped. */
export type FramerOutput = Either.Either<Frame, FrameError>;

/** An incremental framer; it keeps the incomplete tail between pushes. */
export interface Framer {
  /** Adds received bytes and returns every frame (or error) they complete. Never throws. */
  readonly push: (chunk: Uint8Array) => Array<FramerOutput>;
  /**
   * Ends the current burst (the line went idle, e.g. a reply timeout): a candidate frame still waiting for the
   * bytes its LEN promised is abandoned and the bytes after its SOM are rescanned.
   */
  readonly flush: () => Array<FramerOutput>;
}

/** Options: `maxLength` caps LEN (larger claims are garbage). */
export interface FramerOptions {
  readonly maxLength?: number;
}

/**
 * Makes a framer. It trusts LEN and never hunts for 0x53 inside a frame; it resyncs past garbage: when the bytes at
 * a SOM fail (bad LEN, CTRL or check) it reports the error and rescans from the byte after that SOM.
 */
export const makeFramer = (options?: FramerOptions): Framer => {
  const maxLength = options?.maxLength ?? MAX_FRAME_LENGTH;
  let buffer = new Uint8Array(0);

  const garbage = (count: number): FramerOutput =>
    Either.left(new FrameError({ reason: "Garbage", message: `skipped ${count} byte(s) before SOM` }));

  // Scans `buffer`; with `final` an incomplete candidate is abandoned instead of awaited.
  const scan = (final: boolean): Array<FramerOutput> => {
    const out: Array<FramerOutput> = [];
    let pos = 0;
    let skipped = 0;
    while (pos < buffer.length) {
      const byte = buffer[pos]!;
      if (byte !== SOM) {
        if (byte !== MARK) skipped++;
        pos++;
        continue;
      }
      if (skipped > 0) {
        out.push(garbage(skipped));
        skipped = 0;
      }
      if (buffer.length - pos < HEADER_LENGTH) {
        if (!final) break;
        out.push(
          Either.left(new FrameError({ reason: "TooShort", message: "line idle inside a frame header" })),
        );
        pos++;
        continue;
      }
      const length = readLength(buffer, pos);
      if (length < MIN_FRAME_LENGTH || length > maxLength) {
        out.push(Either.left(new FrameError({ reason: "BadLength", message: `LEN ${length} out of range` })));
        pos++;
        continue;
      }
      if (buffer.length - pos < length) {
        if (!final) break;
        out.push(
          Either.left(
            new FrameError({ reason: "TooShort", message: `line idle before LEN ${length} bytes` }),
          ),
        );
        pos++;
        continue;
      }
      const decoded = decodeFrameAt(buffer, pos, pos + length);
      out.push(decoded);
      pos += Either.isRight(decoded) ? length : 1;
    }
    if (skipped > 0) out.push(garbage(skipped));
    buffer = buffer.subarray(pos);
    return out;
  };

  return {
    push: (chunk) => {
      if (chunk.length === 0) return [];
      const joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer);
      joined.set(chunk, buffer.length);
      buffer = joined;
      return scan(false);
    },
    flush: () => scan(true),
  };
};
