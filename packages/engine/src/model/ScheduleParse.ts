/** Reads one schedule VEVENT (the ONVIF/Axis weekly subset) with ical.js into weekly local-time intervals. */
import { Either } from "effect";
import ICAL from "ical.js";
import { ScheduleError } from "./ScheduleError";

/** Seconds in a day of local time. */
export const DAY_SECONDS = 86_400;
/** Seconds in a week of local time. */
export const WEEK_SECONDS = 7 * DAY_SECONDS;

/** Local time in seconds from Sunday 00:00; `end` may pass the end of the week (it wraps). */
export interface WeekInterval {
  readonly start: number;
  readonly end: number;
}

// A schedule is perpetual and its exceptions are special days, so one-off dates have no place here.
const UNSUPPORTED_PROPERTIES = ["rdate", "exdate", "recurrence-id"];
const WEEKDAY = /^(SU|MO|TU|WE|TH|FR|SA)$/;

/**
 * The intervals of one VEVENT: DTSTART's local time of day, for DTEND − DTSTART (or DURATION; an
 * all-day DATE event lasts a day), on every day its RRULE selects. Supported RRULE: FREQ=WEEKLY or
 * DAILY, optional BYDAY of plain weekdays, optional WKST; no INTERVAL > 1, COUNT, UNTIL or other
 * BY-parts. DTSTART's date only picks the weekday of a WEEKLY rule without BYDAY: the schedule holds
 * from the beginning of time. Times are floating (the site zone applies); a TZID other than
 * `timeZone`, or UTC, is refused rather than converted.
 */
export const parseVevent = (
  text: string,
  field: string,
  timeZone: string,
): Either.Either<WeekInterval[], ScheduleError> => {
  const fail = (property: string, message: string) =>
    Either.left(new ScheduleError({ field: property === "" ? field : `${field}.${property}`, message }));
  let event: ICAL.Component;
  try {
    const jcal: unknown[] = ICAL.parse(text);
    if (jcal[0] !== "vevent") return fail("", "expected exactly one VEVENT component");
    event = new ICAL.Component(jcal);
  } catch (error) {
    return fail(failingProperty(text), `invalid iCalendar: ${String(error)}`);
  }
  for (const name of UNSUPPORTED_PROPERTIES) {
    if (event.getFirstProperty(name) !== null)
      return fail(name.toUpperCase(), "not supported: use special days");
  }

  const dtstart = event.getFirstProperty("dtstart");
  const start = dtstart?.getFirstValue();
  if (dtstart === null || !(start instanceof ICAL.Time)) return fail("DTSTART", "required");
  const zoneProblem = floatingProblem(dtstart, timeZone);
  if (zoneProblem !== undefined) return fail("DTSTART", zoneProblem);

  const dtend = event.getFirstProperty("dtend");
  const durationValue = event.getFirstPropertyValue("duration");
  let seconds: number;
  if (dtend !== null) {
    const end = dtend.getFirstValue();
    if (!(end instanceof ICAL.Time)) return fail("DTEND", "expected a date or date-time");
    const endProblem = floatingProblem(dtend, timeZone);
    if (endProblem !== undefined) return fail("DTEND", endProblem);
    seconds = localSeconds(end) - localSeconds(start);
  } else if (durationValue instanceof ICAL.Duration) {
    seconds = durationValue.toSeconds();
  } else {
    seconds = start.isDate ? DAY_SECONDS : 0;
  }
  if (seconds <= 0) return fail(dtend !== null ? "DTEND" : "DURATION", "the event must end after DTSTART");

  const rrules = event.getAllProperties("rrule");
  const rule = rrules[0]?.getFirstValue();
  if (rrules.length !== 1 || !(rule instanceof ICAL.Recur)) {
    return fail("RRULE", "exactly one RRULE (FREQ=WEEKLY or DAILY) is required");
  }
  if (rule.freq !== "WEEKLY" && rule.freq !== "DAILY")
    return fail("RRULE", `FREQ=${rule.freq} is not supported`);
  if (rule.interval !== 1) return fail("RRULE", "INTERVAL other than 1 is not supported");
  if (rule.count !== null || rule.until !== null) return fail("RRULE", "COUNT and UNTIL are not supported");
  const parts = Object.keys(rule.parts).filter((part) => part !== "BYDAY");
  if (parts.length > 0) return fail("RRULE", `${parts.join(", ")} not supported`);
  const byday: unknown[] = rule.parts.BYDAY ?? [];
  if (!byday.every((day) => typeof day === "string" && WEEKDAY.test(day))) {
    return fail("RRULE", "BYDAY takes plain weekdays (MO, TU, …), no ordinals");
  }

  // ical.js numbers weekdays from 1 = Sunday.
  const days =
    byday.length > 0
      ? byday.map((day) => ICAL.Recur.icalDayToNumericDay(day as string) - 1)
      : rule.freq === "WEEKLY"
        ? [start.dayOfWeek() - 1]
        : [0, 1, 2, 3, 4, 5, 6];
  const timeOfDay = start.hour * 3600 + start.minute * 60 + start.second;
  return Either.right(
    days.map((day) => ({
      start: day * DAY_SECONDS + timeOfDay,
      end: day * DAY_SECONDS + timeOfDay + seconds,
    })),
  );
};

const localSeconds = (t: ICAL.Time): number =>
  Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) / 1000;

const floatingProblem = (property: ICAL.Property, timeZone: string): string | undefined => {
  const tzid = property.getParameter("tzid");
  const value = property.getFirstValue();
  if (value instanceof ICAL.Time && value.zone === ICAL.Timezone.utcTimezone) {
    return "UTC times are not supported: schedule times are local to the site";
  }
  if (tzid !== undefined && tzid !== timeZone) {
    return `TZID ${String(tzid)} is not the site's zone ${timeZone}: schedule times are local to the site`;
  }
  return undefined;
};

/** The name of the first content line ical.js cannot read, to name the field of a parse error. */
const failingProperty = (text: string): string => {
  // Unfold continuation lines (RFC 5545 §3.1) so each property is read whole.
  for (const line of text.replace(/\r?\n[ \t]/g, "").split(/\r?\n/)) {
    if (line.trim() === "" || /^(BEGIN|END):/i.test(line)) continue;
    try {
      ICAL.Property.fromString(line);
    } catch {
      return /^([A-Za-z0-9-]+)[;:]/.exec(line)?.[1]?.toUpperCase() ?? "";
    }
  }
  return "";
};
