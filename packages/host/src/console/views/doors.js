// Door tiles: true position, lock, mode, status and why, with the manual actions (Lockdown asks first).
import { computed, useSignal } from "@preact/signals";
import { doors } from "../client.js";
import { html } from "../html.js";
import { CommandButton } from "../ui.js";

const STATUS = {
  online: "online",
  "reader-offline": "reader offline",
  "reader-error": "reader error",
  "controller-offline": "controller offline",
};

/** Why the door is in its mode: an operator's slot, the double-swipe override, its schedule, a grant. */
export const whyOf = (door) => {
  if (door.kind === "monitoring") return "monitoring only";
  if (door.slot !== "none") return `manual ${door.slot}`;
  if (door.override) return "double-swipe override";
  if (door.mode === "Unlocked") return "schedule";
  if (door.mode === "Accessed") return "access granted";
  return "normal";
};

const locksOf = (door) =>
  door.locks.length === 0
    ? "none"
    : door.locks.every((l) => l.state === door.locks[0].state)
      ? door.locks[0].state
      : door.locks.map((l) => l.state).join(", ");

/** The five manual actions of a door or a zone (DESIGN §8 `door.*`, `zone.*`). */
export const ACTIONS = [
  ["reset", "Reset"],
  ["grant", "Grant access"],
  ["unlock", "Unlock"],
  ["lock", "Lock"],
  ["lockdown", "Lockdown"],
];

/**
 * The manual actions of a standard door (a monitoring door has none); `command(action)` is the
 * command a button sends, and Lockdown asks `lockdownQuestion` first.
 */
export const DoorActions = ({ door, testid, lockdownQuestion, command }) =>
  door.kind === "standard" &&
  html`<div class="actions">
    ${ACTIONS.map(
      ([action, label]) =>
        html`<${CommandButton}
          label=${label}
          testid=${`${testid}-${action}`}
          danger=${action === "lockdown"}
          confirm=${action === "lockdown" ? lockdownQuestion : undefined}
          body=${() => command(action)}
        />`,
    )}
  </div>`;

const DoorTile = ({ door }) => {
  const facts = [
    ["position", door.position],
    ["locks", locksOf(door)],
    ["mode", door.mode],
    ["status", STATUS[door.status] ?? door.status],
    ["why", whyOf(door)],
  ];
  return html`<article
    class=${`tile door mode-${door.mode} ${door.alarm !== "Normal" ? "in-alarm" : ""} ${door.status !== "online" ? "faulty" : ""}`}
    data-testid=${`door-${door.id}`}
  >
    <h3>${door.name}</h3>
    ${door.alarm !== "Normal" && html`<p class="door-alarm" data-testid=${`door-${door.id}-alarm`}>${door.alarm === "DoorForcedOpen" ? "Forced open" : "Open too long"}</p>`}
    ${door.faults.length > 0 && html`<p class="door-alarm">Input ${door.faults.map((f) => `${f.input} ${f.fault}`).join(", ")}</p>`}
    <dl>
      ${facts.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd data-testid=${`door-${door.id}-${k}`}>${v}</dd>`,
      )}
    </dl>
    <${DoorActions}
      door=${door}
      testid=${`door-${door.id}`}
      lockdownQuestion=${`Lock down ${door.name}? Only exempt cardholders will get in.`}
      command=${(action) => ({ type: `door.${action}`, doorId: door.id })}
    />
  </article>`;
};

/** Most tiles shown at once: a site of 10 000 doors is searched by name, not scrolled. */
const MAX_TILES = 60;

const collator = new Intl.Collator("en", { numeric: true });
/** The doors sorted by name, sorted again only when a door or a name comes or goes, not when a door changes state. */
let order = { names: new Map(), ids: [] };
const byName = (all) => {
  const same =
    all.size === order.names.size && [...all.values()].every((d) => order.names.get(d.id)?.name === d.name);
  if (!same) {
    const sorted = [...all.values()].sort((a, b) => collator.compare(a.name, b.name));
    order = {
      names: new Map(sorted.map((d) => [d.id, { name: d.name, lower: d.name.toLowerCase() }])),
      ids: sorted.map((d) => d.id),
    };
  }
  return order;
};

export const Doors = () => {
  const query = useSignal("");
  const shown = computed(() => {
    const q = query.value.trim().toLowerCase();
    const all = doors.value;
    const { names, ids } = byName(all);
    const found = q === "" ? ids : ids.filter((id) => names.get(id).lower.includes(q));
    return { total: found.length, tiles: found.slice(0, MAX_TILES).map((id) => all.get(id)) };
  });
  const { total, tiles } = shown.value;
  const more = total - tiles.length;
  const count = `${total} of ${doors.value.size} doors${more > 0 ? `, ${more} more: refine the search` : ""}`;
  return html`<section aria-label="doors">
    <div class="toolbar">
      <input
        type="search"
        placeholder="Search doors by name"
        aria-label="search doors"
        data-testid="door-search"
        value=${query.value}
        onInput=${(e) => (query.value = e.currentTarget.value)}
      />
      <span class="quiet" data-testid="door-count">${count}</span>
    </div>
    <div class="tiles" data-testid="doors">
      ${tiles.map((d) => html`<${DoorTile} key=${d.id} door=${d} />`)}
    </div>
  </section>`;
};
