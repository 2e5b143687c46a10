/** A schedule compiled to local wall-clock time: sorted, disjoint second ranges per weekday and per special day. */
import { DAY_SECONDS, WEEK_SECONDS, type WeekInterval } from "./ScheduleParse";

const DAY_MS = DAY_SECONDS * 1000;

/** Flat `[start0, end0, start1, end1, …]` seconds of a day: sorted, disjoint, never touching. */
type DayRanges = readonly number[];

/** One date whose ranges replace the weekly ones; `day` counts local days from 1970-01-01. */
export interface SpecialDay {
  readonly day: number;
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

/** Evaluation in local ms (wall-clock time written as if UTC; see `ZoneRules`). */
export interface Timetable {
  /** Whether the schedule holds at wall-clock time `local`. */
  activeAtLocal(local: number): boolean;
  /** First local time in (`local`, `limit`] at which {@link activeAtLocal} differs from its value at `local`. */
  nextLocalChange(local: number, limit: number): number | undefined;
}

/** Unites overlapping and touching ranges. */
const unite = (ranges: ReadonlyArray<readonly [number, number]>): DayRanges => {
  const out: number[] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out.length - 1;
    if (out.length > 0 && start <= (out[last] as number)) out[last] = Math.max(out[last] as number, end);
    else out.push(start, end);
  }
  return out;
};

/** Splits weekly intervals at midnights into per-weekday ranges (index 0 = Sunday). */
const weekdays = (week: ReadonlyArray<WeekInterval>): DayRanges[] => {
  const perDay: Array<Array<[number, number]>> = [[], [], [], [], [], [], []];
  for (const interval of week) {
    // An interval of a week or more covers the whole week; wrapping it further would only overlap.
    const end = interval.start + Math.min(interval.end - interval.start, WEEK_SECONDS);
    for (let s = interval.start; s < end;) {
      const dayStart = Math.floor(s / DAY_SECONDS) * DAY_SECONDS;
      const stop = Math.min(end, dayStart + DAY_SECONDS);
      perDay[(dayStart / DAY_SECONDS) % 7]?.push([s - dayStart, stop - dayStart]);
      s = stop;
    }
  }
  return perDay.map(unite);
};

/** Compiles weekly intervals and special days (several entries for one day unite) into a {@link Timetable}. */
export const makeTimetable = (
  week: ReadonlyArray<WeekInterval>,
  specialDays: ReadonlyArray<SpecialDay>,
): Timetable => {
  const weekly = weekdays(week);
  const grouped = new Map<number, Array<readonly [number, number]>>();
  for (const { day, ranges } of specialDays) grouped.set(day, [...(grouped.get(day) ?? []), ...ranges]);
  const special = new Map<number, DayRanges>([...grouped].map(([day, ranges]) => [day, unite(ranges)]));

  // 1970-01-01 was a Thursday (4 with Sunday = 0).
  const rangesOf = (day: number): DayRanges =>
    special.get(day) ?? (weekly[(((day + 4) % 7) + 7) % 7] as DayRanges);

  const activeAtLocal = (local: number): boolean => {
    const day = Math.floor(local / DAY_MS);
    const second = Math.floor((local - day * DAY_MS) / 1000);
    const ranges = rangesOf(day);
    for (let i = 0; i < ranges.length; i += 2) {
      if (second < (ranges[i] as number)) return false;
      if (second < (ranges[i + 1] as number)) return true;
    }
    return false;
  };

  // The state can only change at a midnight or at a range's start or end.
  const nextLocalChange = (local: number, limit: number): number | undefined => {
    const state = activeAtLocal(local);
    for (let day = Math.floor(local / DAY_MS); day * DAY_MS <= limit; day++) {
      const midnight = day * DAY_MS;
      const ranges = rangesOf(day);
      for (let i = -1; i < ranges.length; i++) {
        const point = i < 0 ? midnight : midnight + (ranges[i] as number) * 1000;
        if (point > limit) return undefined;
        if (point > local && activeAtLocal(point) !== state) return point;
      }
    }
    return undefined;
  };

  return { activeAtLocal, nextLocalChange };
};
