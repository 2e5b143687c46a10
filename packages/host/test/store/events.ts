/** Engine events for journal tests: door openings stamped as the engine stamps them. */
import type { EngineEvent } from "@portcullis/engine";

/** A `DoorOpened` with the given `seq`, at `at` (default: `seq` ms). */
export const doorOpened = (seq: number, at = seq): EngineEvent => ({
  type: "DoorOpened",
  seq,
  at,
  doorId: `d${seq % 7}`,
});

/** `count` consecutive events starting at `from`. */
export const doorOpenings = (from: number, count: number): EngineEvent[] =>
  Array.from({ length: count }, (_, i) => doorOpened(from + i));
