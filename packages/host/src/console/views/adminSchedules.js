// Schedules (seed "Schedules", DESIGN §3): weekly time ranges in the site's wall-clock time, stored
// as the iCalendar VEVENTs the host evaluates, and special days (a holiday, a short day) whose
// ranges replace the week on their date. A VEVENT this editor cannot show as a weekly range is kept
// and edited as text.
import { site } from "../client.js";
import { html } from "../html.js";
import { EntityList, RowList } from "./adminEntities.js";

const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
/** 1970-01-05 is a Monday: the anchor of every weekly range written here, as in the demo's. */
const ANCHOR = "19700105";

const hhmm = (t) => `${t.slice(0, 2)}:${t.slice(2, 4)}`;
const line = (vevent, name) =>
  new RegExp(`^${name}[;:]?(?:[^:\\r\\n]*:)?(.*)$`, "m").exec(vevent)?.[1]?.trim();

/** A VEVENT as `{days, from, to}` if it is one weekly (or daily) range from the anchor day, else `{text}`. */
export const rangeOf = (vevent) => {
  const start = /^(\d{8})T(\d{4})00$/.exec(line(vevent, "DTSTART") ?? "");
  const end = /^(\d{8})T(\d{4})00$/.exec(line(vevent, "DTEND") ?? "");
  const rule = line(vevent, "RRULE") ?? "";
  if (start === null || end === null || start[1] !== ANCHOR) return { text: vevent };
  const daily = rule === "FREQ=DAILY";
  const weekly = /^FREQ=WEEKLY;BYDAY=((?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*)$/.exec(rule);
  if (!daily && weekly === null) return { text: vevent };
  const nextDay = end[1] !== ANCHOR;
  const to = nextDay && end[2] === "0000" ? "24:00" : hhmm(end[2]);
  return { days: daily ? DAYS : weekly[1].split(","), from: hhmm(start[2]), to };
};

/** A weekly range as a VEVENT: ending at or before its start, or at 24:00, it ends the next day. */
export const veventOf = (range) => {
  if (range.text !== undefined) return range.text;
  const digits = (t) => t.replace(":", "");
  const overnight = range.to === "24:00" || range.to <= range.from;
  const end = `${overnight ? "19700106" : ANCHOR}T${range.to === "24:00" ? "0000" : digits(range.to)}00`;
  return [
    "BEGIN:VEVENT",
    `DTSTART:${ANCHOR}T${digits(range.from)}00`,
    `DTEND:${end}`,
    `RRULE:FREQ=WEEKLY;BYDAY=${DAYS.filter((d) => range.days.includes(d)).join(",")}`,
    "END:VEVENT",
  ].join("\r\n");
};

/** Updates one item of a list. */
const replaced = (list, i, item) => list.map((x, j) => (j === i ? item : x));

/** A weekly range's row: its days, from and to; or a VEVENT's text. */
const rangeRow = (testid) => (r, change, i) =>
  r.text !== undefined
    ? html`<textarea
        rows="5"
        cols="50"
        data-testid=${`${testid}-${i}-text`}
        value=${r.text}
        onInput=${(e) => change({ text: e.currentTarget.value })}
      />`
    : html`<span class="checks">
          ${DAYS.map(
            (d) =>
              html`<label
                ><input
                  type="checkbox"
                  data-testid=${`${testid}-${i}-${d}`}
                  checked=${r.days.includes(d)}
                  onChange=${(e) =>
                    change({
                      ...r,
                      days: e.currentTarget.checked ? [...r.days, d] : r.days.filter((x) => x !== d),
                    })}
                />
                ${d}</label
              >`,
          )}
        </span>
        ${["from", "to"].map(
          (end) =>
            html`<label
              >${end}
              <input
                size="5"
                data-testid=${`${testid}-${i}-${end}`}
                value=${r[end]}
                onInput=${(e) => change({ ...r, [end]: e.currentTarget.value })}
            /></label>`,
        )}`;

/** The ranges of a schedule, one row each. */
const Ranges = ({ value, set, testid }) =>
  html`<${RowList}
    value=${value}
    set=${set}
    testid=${testid}
    row=${rangeRow(testid)}
    blank=${() => ({ days: DAYS.slice(0, 5), from: "08:00", to: "17:00" })}
    addLabel="Add a range"
  />`;

/** A special day's row: its date, then its ranges (none: closed all day). */
const dayRow = (testid) => (day, change, i) =>
  html`<label
      >Date
      <input
        type="date"
        data-testid=${`${testid}-${i}-date`}
        value=${day.date}
        onInput=${(e) => change({ ...day, date: e.currentTarget.value })}
    /></label>
    ${day.ranges.length === 0 && html`<span class="quiet">closed all day</span>`}
    ${day.ranges.map((r, j) =>
      ["start", "end"].map(
        (end) =>
          html`<label key=${`${j}-${end}`}
            >${end === "start" ? "from" : "to"}
            <input
              size="5"
              data-testid=${`${testid}-${i}-${j}-${end}`}
              value=${r[end]}
              onInput=${(e) =>
                change({ ...day, ranges: replaced(day.ranges, j, { ...r, [end]: e.currentTarget.value }) })}
          /></label>`,
      ),
    )}
    <button
      type="button"
      data-testid=${`${testid}-${i}-add`}
      onClick=${() => change({ ...day, ranges: [...day.ranges, { start: "08:00", end: "12:00" }] })}
    >
      Add a range
    </button>
    ${
      day.ranges.length > 0 &&
      html`<button
        type="button"
        data-testid=${`${testid}-${i}-closed`}
        onClick=${() => change({ ...day, ranges: [] })}
      >
        Closed all day
      </button>`
    }`;

/**
 * The special days of a schedule: a date and its ranges (`HH:MM`, end exclusive, `24:00` allowed),
 * which replace the weekly ranges on that date; a day without ranges is closed all day.
 */
const SpecialDays = ({ value, set, testid }) =>
  html`<${RowList}
    value=${value}
    set=${set}
    testid=${testid}
    row=${dayRow(testid)}
    blank=${() => ({ date: "", ranges: [] })}
    addLabel="Add a special day"
    removeLabel="Remove day"
  />`;

/** A schedule as the form edits it: its VEVENTs as ranges. */
const draftOf = ({ vevents, ...rest }) => ({ ...rest, ranges: (vevents ?? []).map(rangeOf) });
/** The schedule to store: the ranges as VEVENTs again. */
const scheduleOf = ({ ranges, ...rest }) => ({ ...rest, vevents: (ranges ?? []).map(veventOf) });

const describeRange = (vevent) => {
  const r = rangeOf(vevent);
  return r.text !== undefined ? "custom VEVENT" : `${r.days.join(",")} ${r.from}–${r.to}`;
};

export const Schedules = () =>
  html`<${EntityList}
    entity="schedule"
    label="Schedules"
    list=${site.value?.schedules ?? []}
    matches=${(s) => s.name}
    describe=${(s) =>
      html`<strong>${s.name}</strong>
        <span class="quiet"
          >${[
            (s.vevents ?? []).map(describeRange).join("; ") || "never",
            s.specialDays?.length && `${s.specialDays.length} special days`,
          ]
            .filter(Boolean)
            .join(" · ")}</span
        >`}
    blank=${{ id: "", name: "", vevents: [] }}
    fields=${[
      ["name", "Name", "text"],
      ["ranges", "Weekly ranges (site time)", "custom", Ranges],
      ["specialDays", "Special days: their ranges replace the week on their date", "custom", SpecialDays],
    ]}
    form=${{
      toDraft: draftOf,
      body: (draft) => ({ type: "config.put", entity: "schedule", value: scheduleOf(draft) }),
      locate: (field) => field.replace(/^vevents/, "ranges"),
    }}
  />`;
