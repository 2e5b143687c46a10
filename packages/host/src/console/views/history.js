// History beyond the session: the journal query (`journal.query`), page by page, and its CSV export.
import { useSignal } from "@preact/signals";
import { command, role } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { siteTime } from "../ui.js";
import { TYPES_OF } from "../words.js";
import { EventFilters, NO_DOOR } from "./eventFilters.js";
import { EventRow, peopleNamed, useFilters } from "./events.js";

const PAGE = 100;

export const History = () => {
  const filters = useFilters();
  const from = useSignal("");
  const to = useSignal("");
  const rows = useSignal([]);
  const next = useSignal(undefined);
  const error = useSignal("");
  const busy = useSignal(false);

  /** The query the filters make, or a message saying why none can be made. */
  const query = () => {
    const n = names.value;
    const q = {};
    const start = siteTime(from.value, n.timeZone);
    const end = siteTime(to.value, n.timeZone);
    if (start !== undefined) q.from = start;
    if (end !== undefined) q.to = end;
    if (filters.door.value === NO_DOOR) return "No door has that name: pick one of the doors offered";
    if (filters.door.value) q.doorIds = [filters.door.value];
    if (filters.zone.value) q.zoneId = filters.zone.value;
    if (filters.category.value) q.types = TYPES_OF[filters.category.value];
    const people = peopleNamed(n, filters.person.value);
    if (people !== undefined) {
      if (people.size !== 1)
        return `${people.size === 0 ? "Nobody" : `${people.size} people`} match "${filters.person.value}": name one person`;
      q.cardholderId = [...people][0];
    }
    return q;
  };

  const search = async (more) => {
    const q = query();
    if (typeof q === "string") {
      error.value = q;
      return;
    }
    busy.value = true;
    const result = await command({
      type: "journal.query",
      ...q,
      limit: PAGE,
      ...(more && { after: next.value }),
    });
    busy.value = false;
    if (!result.ok) {
      error.value = result.error.message;
      return;
    }
    error.value = "";
    rows.value = more ? [...rows.value, ...result.value.events] : result.value.events;
    next.value = result.value.next;
  };

  const exportCsv = async () => {
    const q = query();
    if (typeof q === "string") {
      error.value = q;
      return;
    }
    const result = await command({ type: "journal.export", ...q });
    if (!result.ok) {
      error.value = result.error.message;
      return;
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([result.value.csv], { type: "text/csv" }));
    link.download = "events.csv";
    link.click();
    URL.revokeObjectURL(link.href);
    if (result.value.truncated) error.value = `Only the first ${result.value.count} events were exported.`;
  };

  const n = names.value;
  return html`<section aria-label="history">
    <form
      class="filters"
      onSubmit=${(e) => {
        e.preventDefault();
        search(false);
      }}
    >
      <label
        >From (${n.timeZone})
        <input
          type="datetime-local"
          step="1"
          data-testid="history-from"
          value=${from.value}
          onInput=${(e) => (from.value = e.currentTarget.value)}
      /></label>
      <label
        >To
        <input
          type="datetime-local"
          step="1"
          data-testid="history-to"
          value=${to.value}
          onInput=${(e) => (to.value = e.currentTarget.value)}
      /></label>
      <${EventFilters} filters=${filters} prefix="history" />
      <button type="submit" data-testid="history-search" disabled=${busy.value}>Search</button>
      ${role.value !== "viewer" && html`<button type="button" data-testid="history-csv" onClick=${exportCsv}>Export CSV</button>`}
    </form>
    ${error.value && html`<p class="refusal" role="alert" data-testid="history-error">${error.value}</p>`}
    <ol class="events" data-testid="history">
      ${rows.value.map((e) => html`<${EventRow} key=${e.seq} event=${e} n=${n} />`)}
    </ol>
    ${next.value !== undefined && html`<button type="button" data-testid="history-more" onClick=${() => search(true)}>Older events</button>`}
  </section>`;
};
