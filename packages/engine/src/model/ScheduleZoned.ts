/** Evaluates a local-time timetable at instants through a zone's offsets, across DST changes. */
import type { ZoneRules } from "../time";
import type { CompiledSchedule } from "./Schedule";
import type { Timetable } from "./ScheduleTimetable";

/** How far past `at` {@link CompiledSchedule.nextTransition} looks before answering "never". */
export const TRANSITION_HORIZON_MS = 400 * 86_400_000;

/**
 * A schedule evaluated on the wall clock of `rules`' zone: a range in a spring-forward gap never
 * occurs, one in a fall-back hour holds for both passes. Between two offset changes the wall clock
 * runs with real time, so transitions are the timetable's own changes, plus the offset changes
 * where the wall clock's jump lands in a different state.
 */
export const zonedSchedule = (id: string, timetable: Timetable, rules: ZoneRules): CompiledSchedule => {
  const isActive = (at: number): boolean => timetable.activeAtLocal(rules.toLocal(at));
  const nextTransition = (at: number): number | undefined => {
    const limit = at + TRANSITION_HORIZON_MS;
    const state = isActive(at);
    for (let t = at; ;) {
      const offset = rules.offsetAt(t);
      const local = timetable.nextLocalChange(t + offset, limit + offset);
      const change = local === undefined ? undefined : local - offset;
      const jump = rules.nextOffsetChange(t, change ?? limit);
      if (jump === undefined || (change !== undefined && change < jump)) return change;
      if (timetable.activeAtLocal(rules.toLocal(jump)) !== state) return jump;
      t = jump;
    }
  };
  return { id, isActive, nextTransition };
};
