/** Schedules (DESIGN §3): definitions validated with Effect Schema, compiled for cheap evaluation per swipe. */
import { Either, ParseResult, Schema } from "effect";
import { isTimeZone, zoneRules } from "../time";
import { ScheduleError } from "./ScheduleError";
import { DAY_SECONDS, parseVevent } from "./ScheduleParse";
import { makeTimetable, type SpecialDay } from "./ScheduleTimetable";
import { TRANSITION_HORIZON_MS, zonedSchedule } from "./ScheduleZoned";

export { ScheduleError } from "./ScheduleError";
export { TRANSITION_HORIZON_MS } from "./ScheduleZoned";

/** Local day number (days from 1970-01-01) of `YYYY-MM-DD`, or undefined if there is no such date. */
const dayOf = (date: string): number | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  const exists = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  return exists ? d.getTime() / (DAY_SECONDS * 1000) : undefined;
};

/** Second of the day of `HH:MM` from 00:00 to 24:00, or undefined. */
const secondOf = (time: string): number | undefined => {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (m === null) return undefined;
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  return minute < 60 && (hour < 24 || (hour === 24 && minute === 0)) ? hour * 3600 + minute * 60 : undefined;
};

const LocalDate = Schema.String.pipe(
  Schema.filter((s) => dayOf(s) !== undefined || "expected a calendar date YYYY-MM-DD"),
);
const TimeOfDay = Schema.String.pipe(
  Schema.filter((s) => secondOf(s) !== undefined || "expected a time HH:MM from 00:00 to 24:00"),
);
// A special day replaces exactly its own date, so its ranges stay within it.
const TimeRange = Schema.Struct({ start: TimeOfDay, end: TimeOfDay }).pipe(
  Schema.filter(
    (r) =>
      (secondOf(r.start) ?? 0) < (secondOf(r.end) ?? 0) || { path: ["end"], message: "must be after start" },
  ),
);

/**
 * A schedule: iCalendar VEVENT blocks (see `parseVevent` for the supported subset) whose intervals
 * unite, and special days whose ranges (end exclusive, `24:00` allowed) replace the regular
 * schedule on their local date; a special day without ranges is never active.
 */
export const ScheduleDefinition = Schema.Struct({
  id: Schema.NonEmptyString,
  name: Schema.String,
  vevents: Schema.Array(Schema.String),
  specialDays: Schema.optionalWith(
    Schema.Array(Schema.Struct({ date: LocalDate, ranges: Schema.Array(TimeRange) })),
    { exact: true },
  ),
});
/** A schedule definition, as {@link ScheduleDefinition} decodes it. */
export type ScheduleDefinition = typeof ScheduleDefinition.Type;

/** A schedule ready for evaluation on the swipe path. */
export interface CompiledSchedule {
  readonly id: string;
  /** Whether the schedule holds at epoch ms `at`. */
  isActive(at: number): boolean;
  /** Next epoch ms > `at` where {@link isActive} changes, or undefined if none within {@link TRANSITION_HORIZON_MS}. */
  nextTransition(at: number): number | undefined;
}

const fieldOf = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join("");

const fromParseError = (error: ParseResult.ParseError): ScheduleError => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0];
  return new ScheduleError({ field: fieldOf(issue?.path ?? []), message: issue?.message ?? error.message });
};

/**
 * Validates `def` and compiles it for the site zone `timeZone`: schedule times are the wall-clock
 * times of that zone. Fails with a {@link ScheduleError} naming the offending field.
 */
export const compileSchedule = (
  def: ScheduleDefinition,
  timeZone: string,
): Either.Either<CompiledSchedule, ScheduleError> => {
  if (!isTimeZone(timeZone)) {
    return Either.left(
      new ScheduleError({ field: "timeZone", message: `unknown IANA time zone "${timeZone}"` }),
    );
  }
  return Schema.decodeUnknownEither(ScheduleDefinition)(def).pipe(
    Either.mapLeft(fromParseError),
    Either.flatMap((valid) =>
      Either.all(valid.vevents.map((text, i) => parseVevent(text, `vevents[${i}]`, timeZone))).pipe(
        Either.map((weeks) => {
          const specialDays: SpecialDay[] = (valid.specialDays ?? []).map(({ date, ranges }) => ({
            day: dayOf(date) ?? 0,
            ranges: ranges.map((r) => [secondOf(r.start) ?? 0, secondOf(r.end) ?? 0] as const),
          }));
          return zonedSchedule(valid.id, makeTimetable(weeks.flat(), specialDays), zoneRules(timeZone));
        }),
      ),
    ),
  );
};

/** The schedule that always holds, such as that of an identification-profile entry without schedules. */
export const alwaysSchedule: CompiledSchedule = {
  id: "always",
  isActive: () => true,
  nextTransition: () => undefined,
};

/**
 * Several schedules united (an access rule's schedules): active when any is. Its id joins theirs
 * with `|`; no schedules at all never hold.
 */
export const unionSchedules = (schedules: ReadonlyArray<CompiledSchedule>): CompiledSchedule => {
  if (schedules.length === 1 && schedules[0] !== undefined) return schedules[0];
  const isActive = (at: number): boolean => schedules.some((s) => s.isActive(at));
  // The union can only change where a member does; skip member transitions that another member masks.
  const nextTransition = (at: number): number | undefined => {
    const limit = at + TRANSITION_HORIZON_MS;
    const state = isActive(at);
    for (let t = at; ;) {
      let next: number | undefined;
      for (const s of schedules) {
        const n = s.nextTransition(t);
        if (n !== undefined && (next === undefined || n < next)) next = n;
      }
      if (next === undefined || next > limit) return undefined;
      if (isActive(next) !== state) return next;
      t = next;
    }
  };
  return { id: schedules.map((s) => s.id).join("|"), isActive, nextTransition };
};
