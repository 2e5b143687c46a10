/** Wall-clock calendar fields of an instant in an IANA zone, and back. */
import { zoneRules } from "./ZoneRules";

/** A local date and time of day; `month` is 1–12. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** The calendar fields of local ms (see {@link ZoneRules}). */
export const localFields = (local: number): WallClock => {
  const d = new Date(local);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
};

/** Local ms of calendar fields; out-of-range fields carry over as in `Date.UTC` (day 32 → next month). */
export const localFromFields = (w: WallClock): number =>
  Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** What a wall clock in `timeZone` shows at `at`. */
export const wallClock = (at: number, timeZone: string): WallClock =>
  localFields(zoneRules(timeZone).toLocal(at));

/** The instant at which a wall clock in `timeZone` shows `w` (gap and overlap as {@link ZoneRules.fromLocal}). */
export const fromWallClock = (w: WallClock, timeZone: string): number =>
  zoneRules(timeZone).fromLocal(localFromFields(w));
