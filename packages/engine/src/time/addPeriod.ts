/** Calendar arithmetic in a zone: days, months and years added to the local date at the same local time. */
import { localFields, localFromFields } from "./WallClock";
import { zoneRules } from "./ZoneRules";

/** A calendar period; `amount` may be negative. */
export interface CalendarPeriod {
  readonly unit: "days" | "months" | "years";
  readonly amount: number;
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * `at` plus `period` on the wall clock of `timeZone`: the same local time on the target date. A day
 * beyond the target month's end is clamped to that end (Jan 31 + 1 month = Feb 28 or 29); a local
 * time that does not exist or occurs twice on the target date resolves as {@link ZoneRules.fromLocal}.
 */
export const addPeriod = (at: number, period: CalendarPeriod, timeZone: string): number => {
  const rules = zoneRules(timeZone);
  const w = localFields(rules.toLocal(at));
  if (period.unit === "days") return rules.fromLocal(localFromFields({ ...w, day: w.day + period.amount }));
  const months = w.month - 1 + (period.unit === "months" ? period.amount : 12 * period.amount);
  const year = w.year + Math.floor(months / 12);
  const month = (((months % 12) + 12) % 12) + 1;
  return rules.fromLocal(
    localFromFields({ ...w, year, month, day: Math.min(w.day, daysInMonth(year, month)) }),
  );
};
