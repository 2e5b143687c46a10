// Zones (seed "Add a zone", "Zone security level"): the doors that bound a zone or lie inside it,
// which side of a perimeter door enters, and anti-passback.
import { site } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { EntityList } from "./adminEntities.js";

const ROLES = [
  ["", "Not in this zone"],
  ["perimeter", "Perimeter"],
  ["internal", "Internal"],
];
const ANTI_PASSBACK = [
  ["", "Off"],
  ["soft", "Soft (logs a violation)"],
  ["hard", "Hard (denies)"],
];

/** Every standard door with its role in the zone; side A of a perimeter door enters unless `leave`. */
const ZoneDoors = ({ value, set, testid }) => {
  const list = value ?? [];
  const of = new Map(list.map((zd) => [zd.doorId, zd]));
  const change = (doorId, zd) =>
    set(
      zd === undefined
        ? list.filter((x) => x.doorId !== doorId)
        : of.has(doorId)
          ? list.map((x) => (x.doorId === doorId ? zd : x))
          : [...list, zd],
    );
  return html`<div class="zone-doors">
    ${names.value.doorList
      .filter((d) => d.type !== "monitoring")
      .map((d) => {
        const zd = of.get(d.id);
        return html`<div class="toolbar" key=${d.id}>
          <label
            >${d.name}
            <select
              data-testid=${`${testid}-${d.id}`}
              value=${zd?.role ?? ""}
              onChange=${(e) =>
                change(
                  d.id,
                  e.currentTarget.value ? { ...zd, doorId: d.id, role: e.currentTarget.value } : undefined,
                )}
            >
              ${ROLES.map(([v, text]) => html`<option value=${v}>${text}</option>`)}
            </select></label
          >
          ${
            zd?.role === "perimeter" &&
            html`<label class="flag"
              ><input
                type="checkbox"
                data-testid=${`${testid}-${d.id}-leave`}
                checked=${zd.leave === true}
                onChange=${(e) => change(d.id, { ...zd, leave: e.currentTarget.checked })}
              />
              side A leaves the zone</label
            >`
          }
        </div>`;
      })}
  </div>`;
};

/** Anti-passback off means no `antiPassback` at all; on, it needs a timeout (0: until the cardholder leaves). */
const zoneOf = (draft) =>
  draft.antiPassback?.mode
    ? { ...draft, antiPassback: { timeoutS: 0, ...draft.antiPassback } }
    : (({ antiPassback: _off, ...rest }) => rest)(draft);

export const Zones = () => {
  const n = names.value;
  return html`<${EntityList}
    entity="zone"
    label="Zones"
    list=${site.value?.policy?.zones ?? []}
    matches=${(z) => z.name}
    describe=${(z) =>
      html`<strong>${z.name}</strong>
        <span class="quiet"
          >${[
            (z.doors ?? []).map((zd) => n.door(zd.doorId)).join(", ") || "no doors",
            z.antiPassback && `${z.antiPassback.mode} anti-passback`,
          ]
            .filter(Boolean)
            .join(" · ")}</span
        >`}
    blank=${{ id: "", name: "", doors: [] }}
    fields=${(d) => [
      ["name", "Name", "text"],
      ["antiPassback.mode", "Anti-passback", "choice", ANTI_PASSBACK],
      d.antiPassback?.mode && [
        "antiPassback.timeoutS",
        "Anti-passback timeout (s; 0: until leaving)",
        "number",
      ],
      ["doors", "Doors", "custom", ZoneDoors],
    ]}
    form=${{ body: (draft) => ({ type: "config.put", entity: "zone", value: zoneOf(draft) }) }}
  />`;
};
