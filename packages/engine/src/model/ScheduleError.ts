/** The one error a schedule definition can fail with. */
import { Data } from "effect";

/** A schedule definition that cannot be compiled; `field` is a path such as `vevents[1].RRULE`. */
export class ScheduleError extends Data.TaggedError("ScheduleError")<{
  readonly field: string;
  readonly message: string;
}> {}
