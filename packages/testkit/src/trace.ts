/** Input traces: site inputs, manual actions and pauses, applied in order to a simulated site. */
import { Either } from "effect";
import type { EngineEvent, ManualCommand, SiteInput } from "@portcullis/engine";
import type { SimulatedSite } from "./simulateSite";

/** One step of a trace: a site input (at the current virtual time unless it says `at`), a manual action, or a pause. */
export type TraceStep =
  | SiteInput
  | { readonly type: "manual"; readonly doorId: string; readonly command: ManualCommand; readonly by: string }
  | { readonly type: "advance"; readonly ms: number };

/**
 * Applies one step. An input the site rejects (unknown reader, a door without a monitor) throws:
 * the trace is wrong. A manual command the door refuses (Lock in lockdown) is an outcome, not an error.
 */
export const applyStep = (sim: SimulatedSite, step: TraceStep): void => {
  if (step.type === "advance") return sim.advance(step.ms);
  if (step.type !== "manual") return sim.push(step);
  const done = sim.site.manual(step.doorId, step.command, step.by);
  if (Either.isLeft(done) && done.left._tag === "InputRejected") throw new Error(done.left.message);
};

/** Applies every step in order and returns the events they produced. */
export const runTrace = (sim: SimulatedSite, steps: Iterable<TraceStep>): EngineEvent[] => {
  const from = sim.events.length;
  for (const step of steps) applyStep(sim, step);
  return sim.events.slice(from);
};
