// The filters a guard narrows events with, all by name: door, zone, person, kind of event.
import { useSignal } from "@preact/signals";
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

/** The door filter's value when the name typed is no door's: no event matches it. */
export const NO_DOOR = "\u0000no such door";

/** Door names offered at once: a site of 10 000 doors is searched by name, not listed. */
const DOORS_OFFERED = 50;

/**
 * The door filter: a door's name typed (offered as you type), kept in `door` as that door's id —
 * "" for any door, {@link NO_DOOR} for a name no door has.
 */
const DoorFilter = ({ door, prefix, doorList }) => {
  const typed = useSignal(doorList.find((d) => d.id === door.value)?.name ?? "");
  const text = typed.value.trim().toLowerCase();
  const offered = (
    text === ""
      ? doorList.slice(0, DOORS_OFFERED)
      : doorList.filter((d) => d.name.toLowerCase().includes(text))
  ).slice(0, DOORS_OFFERED);
  const choose = (value) => {
    typed.value = value;
    const wanted = value.trim().toLowerCase();
    door.value = wanted === "" ? "" : (doorList.find((d) => d.name.toLowerCase() === wanted)?.id ?? NO_DOOR);
  };
  return html`<label
    >Door
    <input
      list=${`${prefix}-doors`}
      placeholder="any door"
      data-testid=${`${prefix}-door`}
      value=${typed.value}
      onInput=${(e) => choose(e.currentTarget.value)}
    />
    <datalist id=${`${prefix}-doors`}>${offered.map((d) => html`<option value=${d.name} />`)}</datalist>
  </label>`;
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
    <${DoorFilter} door=${filters.door} prefix=${prefix} doorList=${n.doorList} />
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
