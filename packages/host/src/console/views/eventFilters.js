// The filters a guard narrows events with, all by name: door, zone, person, kind of event.
import { html } from "../html.js";
import { names } from "../names.js";
import { CATEGORIES } from "../words.js";

/** The first `count` items of an iterable, without copying the rest (100 000 people). */
const first = (iterable, count) => {
  const out = [];
  for (const x of iterable) {
    if (out.length === count) break;
    out.push(x);
  }
  return out;
};

/** Filter state: `{door, zone, person, category}` signals; `person` is the name typed. */
export const EventFilters = ({ filters, prefix }) => {
  const n = names.value;
  const people = first(n.people.values(), 500);
  const bind = (key) => ({
    value: filters[key].value,
    onInput: (e) => (filters[key].value = e.currentTarget.value),
  });
  return html`<div class="filters" role="group" aria-label="filters">
    <label
      >Kind
      <select data-testid=${`${prefix}-category`} ...${bind("category")}>
        <option value="">all events</option>
        ${Object.entries(CATEGORIES).map(([k, label]) => html`<option value=${k}>${label}</option>`)}
      </select>
    </label>
    <label
      >Door
      <select data-testid=${`${prefix}-door`} ...${bind("door")}>
        <option value="">any door</option>
        ${n.doorList.map((d) => html`<option value=${d.id}>${d.name}</option>`)}
      </select>
    </label>
    <label
      >Zone
      <select data-testid=${`${prefix}-zone`} ...${bind("zone")}>
        <option value="">any zone</option>
        ${[...n.zones.values()].map((z) => html`<option value=${z.id}>${z.name}</option>`)}
      </select>
    </label>
    <label
      >Person
      <input
        list=${`${prefix}-people`}
        placeholder="any person"
        data-testid=${`${prefix}-person`}
        ...${bind("person")}
      />
      <datalist id=${`${prefix}-people`}>
        ${people.map((p) => html`<option value=${`${p.firstName} ${p.lastName}`} />`)}
      </datalist>
    </label>
  </div>`;
};
