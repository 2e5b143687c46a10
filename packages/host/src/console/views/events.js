// Live events in words, newest first, in the site's time zone, filtered by name.
import { computed, useSignal } from "@preact/signals";
import { events } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { categoryOf, peopleOf, sentence } from "../words.js";
import { EventFilters } from "./eventFilters.js";

/** A filter state for {@link EventFilters}. */
export const useFilters = () => ({
  category: useSignal(""),
  door: useSignal(""),
  zone: useSignal(""),
  person: useSignal(""),
});

/** The cardholder ids whose name contains `text` (case-insensitive). */
export const peopleNamed = (n, text) => {
  const q = text.trim().toLowerCase();
  if (q === "") return undefined;
  return new Set(
    [...n.people.values()]
      .filter((p) => `${p.firstName} ${p.lastName}`.toLowerCase().includes(q))
      .map((p) => p.id),
  );
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

export const Events = () => {
  const filters = useFilters();
  const shown = computed(() => {
    const n = names.value;
    const { category, door, zone, person } = filters;
    const zoneDoors = zone.value ? n.zoneDoors(zone.value) : undefined;
    const people = peopleNamed(n, person.value);
    return events.value
      .filter(
        (e) =>
          (!category.value || categoryOf(e.type) === category.value) &&
          (!door.value || e.doorId === door.value) &&
          (!zoneDoors ||
            zoneDoors.has(e.doorId) ||
            e.zoneId === zone.value ||
            e.toZone === zone.value ||
            e.fromZone === zone.value) &&
          (!people || peopleOf(e).some((id) => people.has(id))),
      )
      .slice(-300)
      .reverse();
  });
  const n = names.value;
  return html`<section aria-label="events">
    <${EventFilters} filters=${filters} prefix="events" />
    <ol class="events" data-testid="events">
      ${shown.value.map((e) => html`<${EventRow} key=${e.seq} event=${e} n=${n} />`)}
    </ol>
  </section>`;
};
