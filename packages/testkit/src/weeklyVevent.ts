/** Schedule VEVENTs in the weekly subset the engine accepts (ONVIF/Axis), for generated sites. */

/** iCalendar weekday codes, Monday first. */
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
/** One iCalendar weekday code. */
export type Weekday = (typeof WEEKDAYS)[number];

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}${String(minutes % 60).padStart(2, "0")}00`;

/**
 * A VEVENT holding from `startMin` to `endMin` (minutes of the local day, end exclusive, up to 1440)
 * on `days`. DTSTART sits on Monday 1970-01-05 because only its time of day counts (BYDAY picks days).
 */
export const weeklyVevent = (days: ReadonlyArray<Weekday>, startMin: number, endMin: number): string => {
  // 24:00 is written as the next day's 00:00: iCalendar has no hour 24.
  const end = endMin >= 1440 ? `19700106T${hhmm(endMin - 1440)}` : `19700105T${hhmm(endMin)}`;
  return [
    "BEGIN:VEVENT",
    `DTSTART:19700105T${hhmm(startMin)}`,
    `DTEND:${end}`,
    `RRULE:FREQ=WEEKLY;BYDAY=${days.join(",")}`,
    "END:VEVENT",
  ].join("\r\n");
};
