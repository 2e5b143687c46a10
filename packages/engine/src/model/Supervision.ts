/** Supervised-input wiring (seed "Supervised inputs") and how a measured loop resistance reads. */
import { Schema } from "effect";

/** End-of-line resistor wiring of an input. */
export const Supervision = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("off") }),
  /** 22 kΩ parallel, 4.7 kΩ serial: the seed allows no other values. */
  Schema.Struct({ kind: Schema.Literal("parallel-first") }),
  /** Two equal resistors within 1–10 kΩ. */
  Schema.Struct({
    kind: Schema.Literal("serial-first"),
    resistorOhms: Schema.Number.pipe(Schema.int(), Schema.between(1_000, 10_000)),
  }),
);
export type Supervision = typeof Supervision.Type;

/** Logical reading of an input: active is the configured open / pressed condition. */
export type InputState = "active" | "inactive" | "cut" | "short";

/** Electrical reading of a loop before polarity is applied. */
export type CircuitReading = "circuit-open" | "circuit-closed" | "cut" | "short";

/** Which circuit condition means active (door open, REX pressed, tamper). */
export type ActiveWhen = "circuit-open" | "circuit-closed";

/** Loop resistances for a closed and an open contact under the given wiring. */
const loop = (s: Exclude<Supervision, { kind: "off" }>): { closed: number; open: number } =>
  s.kind === "parallel-first"
    ? { closed: 4_700, open: 4_700 + 22_000 }
    : { closed: s.resistorOhms, open: 2 * s.resistorOhms };

/**
 * Classifies a measured loop resistance. Thresholds sit halfway (geometrically) between the
 * expected values, so resistor tolerance and cable resistance do not flip a reading.
 */
export const readSupervisedLoop = (
  s: Exclude<Supervision, { kind: "off" }>,
  ohms: number,
): CircuitReading => {
  const { closed, open } = loop(s);
  if (ohms < closed / 2) return "short";
  if (ohms > open * 2) return "cut";
  return ohms < Math.sqrt(closed * open) ? "circuit-closed" : "circuit-open";
};

/** Applies polarity: a loop reading becomes the logical input state. */
export const inputStateOf = (reading: CircuitReading, activeWhen: ActiveWhen): InputState =>
  reading === "cut" || reading === "short" ? reading : reading === activeWhen ? "active" : "inactive";
