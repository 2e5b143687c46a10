import { Either, FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import {
  alwaysSchedule,
  compileSchedule,
  type CompiledSchedule,
  type ScheduleDefinition,
  ScheduleError,
  unionSchedules,
} from "../../src/model/Schedule";

const STOCKHOLM = "Europe/Stockholm";
const NEW_YORK = "America/New_York";
const utc = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;

/** A VEVENT as ONVIF/Axis write them: floating times on a reference date, a weekly or daily rule. */
const vevent = (start: string, end: string, rrule: string): string =>
  ["BEGIN:VEVENT", `DTSTART:${start}`, `DTEND:${end}`, `RRULE:${rrule}`, "END:VEVENT"].join("\r\n");
// 1970-01-05 was a Monday.
const OFFICE = vevent("19700105T080000", "19700105T170000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
const NIGHTS = vevent("19700101T220000", "19700102T060000", "FREQ=DAILY");

const compile = (def: Partial<ScheduleDefinition>, timeZone = STOCKHOLM): CompiledSchedule =>
  Either.getOrThrow(compileSchedule({ id: "s", name: "s", vevents: [], ...def }, timeZone));
const daily = (from: string, to: string, timeZone: string): CompiledSchedule =>
  compile({ vevents: [vevent(`19700101T${from}00`, `19700101T${to}00`, "FREQ=DAILY")] }, timeZone);
const failure = (def: Partial<ScheduleDefinition>, timeZone = STOCKHOLM): ScheduleError => {
  const result = compileSchedule({ id: "s", name: "s", vevents: [], ...def }, timeZone);
  if (Either.isRight(result)) throw new Error("expected a ScheduleError");
  return result.left;
};

describe("a weekday office schedule, 08:00–17:00 Mon–Fri", () => {
  const office = compile({ vevents: [OFFICE] });

  it("starts at 08:00 exactly and ends before 17:00 (end exclusive)", () => {
    // Monday 2026-03-02, CET (+1).
    expect(office.isActive(utc("2026-03-02T07:00:00Z") - 1)).toBe(false);
    expect(office.isActive(utc("2026-03-02T07:00:00Z"))).toBe(true);
    expect(office.isActive(utc("2026-03-02T16:00:00Z") - 1)).toBe(true);
    expect(office.isActive(utc("2026-03-02T16:00:00Z"))).toBe(false);
    // Saturday.
    expect(office.isActive(utc("2026-03-07T10:00:00Z"))).toBe(false);
  });

  it("follows the wall clock across the DST change (Stockholm, 2026-03-29)", () => {
    // Monday 2026-03-30, CEST (+2): 08:00 local is 06:00 UTC.
    expect(office.isActive(utc("2026-03-30T06:00:00Z") - 1)).toBe(false);
    expect(office.isActive(utc("2026-03-30T06:00:00Z"))).toBe(true);
    expect(office.nextTransition(utc("2026-03-27T16:00:00Z"))).toBe(utc("2026-03-30T06:00:00Z"));
    expect(office.nextTransition(utc("2026-03-30T06:00:00Z"))).toBe(utc("2026-03-30T15:00:00Z"));
  });

  it("follows the wall clock across New York's changes", () => {
    const ny = compile({ vevents: [OFFICE] }, NEW_YORK);
    // Friday 2026-03-06 17:00 EST → Monday 2026-03-09 08:00 EDT.
    expect(ny.nextTransition(utc("2026-03-06T22:00:00Z"))).toBe(utc("2026-03-09T12:00:00Z"));
    // Friday 2026-10-30 17:00 EDT → Monday 2026-11-02 08:00 EST.
    expect(ny.nextTransition(utc("2026-10-30T21:00:00Z"))).toBe(utc("2026-11-02T13:00:00Z"));
  });
});

describe("ranges crossing midnight", () => {
  it("holds until the end time on the next day", () => {
    const nights = compile({ vevents: [NIGHTS] });
    expect(nights.isActive(utc("2026-01-10T20:59:59Z"))).toBe(false);
    expect(nights.isActive(utc("2026-01-10T21:00:00Z"))).toBe(true);
    expect(nights.isActive(utc("2026-01-11T04:59:59Z"))).toBe(true);
    expect(nights.isActive(utc("2026-01-11T05:00:00Z"))).toBe(false);
    expect(nights.nextTransition(utc("2026-01-10T21:00:00Z"))).toBe(utc("2026-01-11T05:00:00Z"));
  });

  it("wraps from Saturday into Sunday", () => {
    const saturdayNight = compile({ vevents: [vevent("19700103T220000", "19700104T060000", "FREQ=WEEKLY")] });
    // Saturday 2026-01-10 22:00 CET (1970-01-03 was a Saturday) to Sunday 06:00.
    expect(saturdayNight.isActive(utc("2026-01-11T02:00:00Z"))).toBe(true);
    expect(saturdayNight.isActive(utc("2026-01-11T05:00:00Z"))).toBe(false);
    expect(saturdayNight.isActive(utc("2026-01-12T02:00:00Z"))).toBe(false);
  });
});

describe("DST in Europe/Stockholm", () => {
  it("never enters a range inside the spring-forward gap", () => {
    const gap = daily("0200", "0230", STOCKHOLM);
    expect(gap.nextTransition(utc("2026-03-28T23:00:00Z"))).toBe(utc("2026-03-30T00:00:00Z"));
  });

  it("enters a range at the jump when the gap lands inside it", () => {
    const early = daily("0230", "0500", STOCKHOLM);
    expect(early.isActive(utc("2026-03-29T01:00:00Z") - 1)).toBe(false);
    expect(early.nextTransition(utc("2026-03-28T23:00:00Z"))).toBe(utc("2026-03-29T01:00:00Z"));
    expect(early.nextTransition(utc("2026-03-29T01:00:00Z"))).toBe(utc("2026-03-29T03:00:00Z"));
  });

  it("shortens a range spanning the gap to its real length", () => {
    const night = daily("0100", "0400", STOCKHOLM);
    expect(night.nextTransition(utc("2026-03-29T00:00:00Z"))).toBe(utc("2026-03-29T02:00:00Z"));
  });

  it("counts the fall-back hour twice", () => {
    const twice = daily("0200", "0300", STOCKHOLM);
    // 02:00 CEST = 00:00 UTC; at 01:00 UTC the clock goes back to 02:00 CET; 03:00 CET = 02:00 UTC.
    expect(twice.nextTransition(utc("2026-10-24T23:30:00Z"))).toBe(utc("2026-10-25T00:00:00Z"));
    expect(twice.isActive(utc("2026-10-25T01:00:00Z"))).toBe(true);
    expect(twice.nextTransition(utc("2026-10-25T00:00:00Z"))).toBe(utc("2026-10-25T02:00:00Z"));
  });

  it("starts a range after the fall-back hour only when the clock first shows its start", () => {
    const three = daily("0300", "0400", STOCKHOLM);
    expect(three.nextTransition(utc("2026-10-24T23:00:00Z"))).toBe(utc("2026-10-25T02:00:00Z"));
  });
});

describe("DST in America/New_York", () => {
  it("skips a range in the spring-forward gap (2026-03-08)", () => {
    const gap = daily("0200", "0300", NEW_YORK);
    expect(gap.isActive(utc("2026-03-08T07:00:00Z"))).toBe(false);
    expect(gap.nextTransition(utc("2026-03-08T05:00:00Z"))).toBe(utc("2026-03-09T06:00:00Z"));
  });

  it("covers two real hours with 01:00–02:00 on 2026-11-01", () => {
    const sundays = compile(
      { vevents: [vevent("19700104T010000", "19700104T020000", "FREQ=WEEKLY;BYDAY=SU")] },
      NEW_YORK,
    );
    expect(sundays.isActive(utc("2026-11-01T05:00:00Z") - 1)).toBe(false);
    expect(sundays.isActive(utc("2026-11-01T05:00:00Z"))).toBe(true);
    expect(sundays.isActive(utc("2026-11-01T06:30:00Z"))).toBe(true);
    expect(sundays.isActive(utc("2026-11-01T07:00:00Z"))).toBe(false);
    expect(sundays.nextTransition(utc("2026-11-01T04:00:00Z"))).toBe(utc("2026-11-01T05:00:00Z"));
    expect(sundays.nextTransition(utc("2026-11-01T05:00:00Z"))).toBe(utc("2026-11-01T07:00:00Z"));
  });
});

describe("special days", () => {
  // 2026-12-24 is a Thursday, 2026-12-25 a Friday.
  const holidays = compile({
    vevents: [OFFICE],
    specialDays: [
      { date: "2026-12-24", ranges: [] },
      { date: "2026-12-25", ranges: [{ start: "10:00", end: "14:00" }] },
    ],
  });

  it("replace the regular schedule on their date", () => {
    expect(holidays.isActive(utc("2026-12-23T08:00:00Z"))).toBe(true);
    expect(holidays.isActive(utc("2026-12-24T08:00:00Z"))).toBe(false);
    expect(holidays.isActive(utc("2026-12-25T08:00:00Z"))).toBe(false);
    expect(holidays.isActive(utc("2026-12-25T09:00:00Z"))).toBe(true);
    expect(holidays.isActive(utc("2026-12-25T13:00:00Z"))).toBe(false);
    expect(holidays.nextTransition(utc("2026-12-23T16:00:00Z"))).toBe(utc("2026-12-25T09:00:00Z"));
    expect(holidays.nextTransition(utc("2026-12-25T13:00:00Z"))).toBe(utc("2026-12-28T07:00:00Z"));
  });

  it("replace a whole local date, including the tail of a range from the day before", () => {
    const nights = compile({ vevents: [NIGHTS], specialDays: [{ date: "2026-12-25", ranges: [] }] });
    expect(nights.isActive(utc("2026-12-24T22:00:00Z"))).toBe(true);
    expect(nights.nextTransition(utc("2026-12-24T22:00:00Z"))).toBe(utc("2026-12-24T23:00:00Z"));
    expect(nights.isActive(utc("2026-12-25T22:00:00Z"))).toBe(false);
    // The 26th is a regular day again, with the morning part of the 25th's night.
    expect(nights.nextTransition(utc("2026-12-25T12:00:00Z"))).toBe(utc("2026-12-25T23:00:00Z"));
  });

  it("run to 24:00 seamlessly into a regular range after midnight", () => {
    const lateHoliday = compile({
      vevents: [NIGHTS],
      specialDays: [{ date: "2026-12-25", ranges: [{ start: "20:00", end: "24:00" }] }],
    });
    expect(lateHoliday.nextTransition(utc("2026-12-25T19:00:00Z"))).toBe(utc("2026-12-26T05:00:00Z"));
  });
});

describe("union", () => {
  const office = compile({ vevents: [OFFICE] });
  const evenings = compile({
    vevents: [vevent("19700105T160000", "19700105T200000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")],
  });

  it("unites overlapping ranges within one schedule", () => {
    const split = compile({
      vevents: [
        vevent("19700105T080000", "19700105T120000", "FREQ=DAILY"),
        vevent("19700105T110000", "19700105T150000", "FREQ=DAILY"),
      ],
    });
    expect(split.nextTransition(utc("2026-03-02T07:00:00Z"))).toBe(utc("2026-03-02T14:00:00Z"));
  });

  it("is active when any schedule is and skips masked transitions", () => {
    const both = unionSchedules([office, evenings]);
    expect(both.isActive(utc("2026-03-02T18:00:00Z"))).toBe(true);
    expect(both.nextTransition(utc("2026-03-02T07:00:00Z"))).toBe(utc("2026-03-02T19:00:00Z"));
    expect(both.id).toBe("s|s");
  });

  it("of nothing never holds; always always holds", () => {
    expect(unionSchedules([]).isActive(0)).toBe(false);
    expect(unionSchedules([]).nextTransition(0)).toBeUndefined();
    expect(unionSchedules([office])).toBe(office);
    expect(unionSchedules([office, alwaysSchedule]).isActive(utc("2026-03-07T10:00:00Z"))).toBe(true);
    expect(
      unionSchedules([office, alwaysSchedule]).nextTransition(utc("2026-03-07T10:00:00Z")),
    ).toBeUndefined();
  });

  it("answers undefined for a schedule that never changes", () => {
    const never = compile({ vevents: [] });
    expect(never.nextTransition(utc("2026-03-01T00:00:00Z"))).toBeUndefined();
    const fullWeek = compile({ vevents: [vevent("19700105T000000", "19700112T000000", "FREQ=WEEKLY")] });
    expect(fullWeek.isActive(utc("2026-03-29T01:30:00Z"))).toBe(true);
    expect(fullWeek.nextTransition(utc("2026-03-01T00:00:00Z"))).toBeUndefined();
  });
});

describe("validation", () => {
  const cases: Array<[string, Partial<ScheduleDefinition>, string]> = [
    ["unparsable text", { vevents: ["garbage"] }, "vevents[0]"],
    [
      "a bad BYDAY",
      { vevents: [OFFICE, vevent("19700105T080000", "19700105T170000", "FREQ=WEEKLY;BYDAY=XX")] },
      "vevents[1].RRULE",
    ],
    [
      "a monthly rule",
      { vevents: [vevent("19700105T080000", "19700105T170000", "FREQ=MONTHLY")] },
      "vevents[0].RRULE",
    ],
    [
      "COUNT",
      { vevents: [vevent("19700105T080000", "19700105T170000", "FREQ=DAILY;COUNT=3")] },
      "vevents[0].RRULE",
    ],
    [
      "INTERVAL=2",
      { vevents: [vevent("19700105T080000", "19700105T170000", "FREQ=WEEKLY;INTERVAL=2")] },
      "vevents[0].RRULE",
    ],
    [
      "an ordinal weekday",
      { vevents: [vevent("19700105T080000", "19700105T170000", "FREQ=WEEKLY;BYDAY=1MO")] },
      "vevents[0].RRULE",
    ],
    [
      "BYHOUR",
      { vevents: [vevent("19700105T080000", "19700105T170000", "FREQ=DAILY;BYHOUR=9")] },
      "vevents[0].RRULE",
    ],
    [
      "no RRULE",
      { vevents: ["BEGIN:VEVENT\nDTSTART:19700105T080000\nDTEND:19700105T170000\nEND:VEVENT"] },
      "vevents[0].RRULE",
    ],
    ["no DTSTART", { vevents: ["BEGIN:VEVENT\nRRULE:FREQ=DAILY\nEND:VEVENT"] }, "vevents[0].DTSTART"],
    [
      "an end before the start",
      { vevents: [vevent("19700105T170000", "19700105T080000", "FREQ=DAILY")] },
      "vevents[0].DTEND",
    ],
    [
      "a UTC time",
      { vevents: [vevent("19700105T080000Z", "19700105T170000Z", "FREQ=DAILY")] },
      "vevents[0].DTSTART",
    ],
    [
      "EXDATE",
      { vevents: [OFFICE.replace("END:VEVENT", "EXDATE:20261225T080000\r\nEND:VEVENT")] },
      "vevents[0].EXDATE",
    ],
    ["two components", { vevents: [`${OFFICE}\r\n${OFFICE}`] }, "vevents[0]"],
    ["a non-date", { specialDays: [{ date: "2026-02-30", ranges: [] }] }, "specialDays[0].date"],
    [
      "a bad time",
      { specialDays: [{ date: "2026-02-03", ranges: [{ start: "08:00", end: "24:30" }] }] },
      "specialDays[0].ranges[0].end",
    ],
    [
      "an empty range",
      { specialDays: [{ date: "2026-02-03", ranges: [{ start: "08:00", end: "08:00" }] }] },
      "specialDays[0].ranges[0].end",
    ],
    ["an empty id", { id: "" }, "id"],
  ];
  it.each(cases)("names the field for %s", (_, def, field) => {
    const error = failure(def);
    expect(error).toBeInstanceOf(ScheduleError);
    expect(error.field).toBe(field);
  });

  it("accepts the site zone as TZID and refuses another", () => {
    const zoned = (tzid: string) =>
      [
        "BEGIN:VEVENT",
        `DTSTART;TZID=${tzid}:19700105T080000`,
        `DTEND;TZID=${tzid}:19700105T170000`,
        "RRULE:FREQ=DAILY",
        "END:VEVENT",
      ].join("\n");
    expect(compile({ vevents: [zoned(STOCKHOLM)] }).isActive(utc("2026-03-02T07:00:00Z"))).toBe(true);
    expect(failure({ vevents: [zoned(NEW_YORK)] }).field).toBe("vevents[0].DTSTART");
  });

  it("accepts all-day events and DURATION", () => {
    const allDay = compile({
      vevents: ["BEGIN:VEVENT\nDTSTART;VALUE=DATE:19700103\nRRULE:FREQ=WEEKLY\nEND:VEVENT"],
    });
    expect(allDay.nextTransition(utc("2026-03-06T12:00:00Z"))).toBe(utc("2026-03-06T23:00:00Z"));
    expect(allDay.nextTransition(utc("2026-03-06T23:00:00Z"))).toBe(utc("2026-03-07T23:00:00Z"));
    const lunch = compile({
      vevents: ["BEGIN:VEVENT\nDTSTART:19700101T120000\nDURATION:PT45M\nRRULE:FREQ=DAILY\nEND:VEVENT"],
    });
    expect(lunch.nextTransition(utc("2026-03-06T11:00:00Z"))).toBe(utc("2026-03-06T11:45:00Z"));
  });

  it("refuses an unknown zone", () => {
    expect(failure({}, "Mars/Olympus_Mons").field).toBe("timeZone");
  });
});

describe("nextTransition (property)", () => {
  const hhmm = (minute: number): string =>
    `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  const icalTime = (minute: number): string => `${hhmm(minute).replace(":", "")}00`;
  const weekdays = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
  // DTSTART on Sunday 1970-01-04; the end may fall on a later day.
  const arbitraryVevent = fc
    .record({
      days: fc.subarray(weekdays, { minLength: 1 }),
      start: fc.integer({ min: 0, max: 1439 }),
      length: fc.integer({ min: 1, max: 2 * 1440 }),
    })
    .map(({ days, start, length }) => {
      const end = start + length;
      const endDay = String(4 + Math.floor(end / 1440)).padStart(2, "0");
      return vevent(
        `19700104T${icalTime(start)}`,
        `197001${endDay}T${icalTime(end % 1440)}`,
        `FREQ=WEEKLY;BYDAY=${days.join(",")}`,
      );
    });
  // Special days near the DST changes, so replacements meet the jumps.
  const arbitrarySpecialDay = fc.record({
    date: fc.constantFrom("2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01", "2026-11-02"),
    ranges: fc.array(
      fc
        .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
        .map(([start, length]) => ({
          start: hhmm(start),
          end: hhmm(Math.min(1440, start + length)),
        })),
      { maxLength: 2 },
    ),
  });

  it("is constant on [at, t) and flips at t", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryVevent, { maxLength: 3 }),
        fc.array(arbitrarySpecialDay, { maxLength: 2 }),
        fc.constantFrom(STOCKHOLM, NEW_YORK, "Australia/Lord_Howe"),
        fc.integer({ min: utc("2026-02-20T00:00:00Z"), max: utc("2026-11-10T00:00:00Z") }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 10,
          maxLength: 10,
        }),
        (vevents, specialDays, zone, at, fractions) => {
          const schedule = compile({ vevents, specialDays }, zone);
          const state = schedule.isActive(at);
          const t = schedule.nextTransition(at);
          if (t === undefined) return;
          expect(t).toBeGreaterThan(at);
          expect(schedule.isActive(t)).toBe(!state);
          expect(schedule.isActive(t - 1)).toBe(state);
          for (const f of fractions) expect(schedule.isActive(at + Math.floor(f * (t - at)))).toBe(state);
          // No transition is skipped: no change on a minute grid up to a day before t.
          let changed: number | undefined;
          for (
            let probe = at;
            probe < Math.min(t, at + 24 * HOUR) && changed === undefined;
            probe += 60_000
          ) {
            if (schedule.isActive(probe) !== state) changed = probe;
          }
          expect(changed).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });
});
