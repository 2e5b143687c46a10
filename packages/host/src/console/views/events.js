// Live events in words, newest first, in the site's time zone, filtered by name; the events of one
// door cycle are one line, a passage (passages.js), opening onto its steps.
import { useComputed, useSignal } from "@preact/signals";
import { events } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { linesOf } from "../passages.js";
import { categoryOf, passageSentence, peopleOf, sentence } from "../words.js";
import { EventFilters } from "./eventFilters.js";

/** A filter state for {@link EventFilters}. */
export const useFilters = () => ({
  category: useSignal(""),
  door: useSignal(""),
  zone: useSignal(""),
  person: useSignal(""),
});

/** Each site file's people as `[id, lowercase name]`, built once: the person filter runs per key over 100 000. */
const lowerNames = new WeakMap();

/** The cardholder ids whose name contains `text` (case-insensitive). */
export const peopleNamed = (n, text) => {
  const q = text.trim().toLowerCase();
  if (q === "") return undefined;
  let named = lowerNames.get(n.people);
  if (named === undefined) {
    named = [...n.people.values()].map((p) => [p.id, `${p.firstName} ${p.lastName}`.toLowerCase()]);
    lowerNames.set(n.people, named);
  }
  return new Set(named.filter(([, name]) => name.includes(q)).map(([id]) => id));
};

export const EventRow = ({ event, n }) =>
  html`<li
    class=${`event cat-${categoryOf(event.type)} type-${event.type}`}
    data-seq=${event.seq}
    data-type=${event.type}
  >
    <time>${n.time(event.at)}</time>
    <span class="sentence">${sentence(n, event)}</span>
  </li>`;

/** Whether an event passes the filters (`people`: the ids of the person typed, or `undefined`). */
const matching = (n, filters, people) => {
  const { category, door, zone } = filters;
  const zoneDoors = zone.value ? n.zoneDoors(zone.value) : undefined;
  return (e) =>
    (!category.value || categoryOf(e.type) === category.value) &&
    (!door.value || e.doorId === door.value) &&
    (!zoneDoors ||
      zoneDoors.has(e.doorId) ||
      e.zoneId === zone.value ||
      e.toZone === zone.value ||
      e.fromZone === zone.value) &&
    (!people || peopleOf(e).some((id) => people.has(id)));
};

/** Most lines the live list shows. */
const MAX_LINES = 300;

/** One passage: its outcome on one line, its steps (each event in words) when opened. */
const PassageRow = ({ line, n }) =>
  html`<li class="passage" data-passage=${line.seq}>
    <details>
      <summary class=${`event cat-access type-Passage`}>
        <time>${n.time(line.events[0].at)}</time>
        <span class="sentence">${passageSentence(n, line.events)}</span>
      </summary>
      <ol class="steps">
        ${line.events.map((e) => html`<${EventRow} key=${e.seq} event=${e} n=${n} />`)}
      </ol>
    </details>
  </li>`;

/**
 * The lines, newest first: a passage (passages.js) is shown if any of its events passes the
 * filters. Its own component, so an event re-renders the list and not the filters.
 */
const Lines = ({ filters }) => {
  const shown = useComputed(() => {
    const n = names.value;
    const passes = matching(n, filters, peopleNamed(n, filters.person.value));
    return linesOf(events.value)
      .filter((line) => line.events.some(passes))
      .slice(-MAX_LINES)
      .reverse();
  });
  const n = names.value;
  return html`<ol class="events" data-testid="events">
    ${shown.value.map((line) =>
      line.passage
        ? html`<${PassageRow} key=${`p${line.seq}`} line=${line} n=${n} />`
        : html`<${EventRow} key=${line.seq} event=${line.events[0]} n=${n} />`,
    )}
  </ol>`;
};

export const Events = () => {
  const filters = useFilters();
  return html`<section aria-label="events">
    <${EventFilters} filters=${filters} prefix="events" />
    <${Lines} filters=${filters} />
  </section>`;
};
