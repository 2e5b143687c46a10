// Identification profiles (seed "Identification profiles", DESIGN §3): per door side, alternatives
// of factors that are all required together, each alternative optionally limited to schedules.
import { site } from "../client.js";
import { html } from "../html.js";
import { EntityList, IdChecks, optionsOf, RowList } from "./adminEntities.js";

const FACTORS = [
  ["card", "Card"],
  ["pin", "PIN"],
  ["plate", "License plate"],
  ["rex", "REX"],
];
const FACTOR_NAME = new Map(FACTORS);

/** One side's alternatives: each its factors and the schedules it is limited to (none: always). */
const Entries =
  (schedules) =>
  ({ value, set, testid }) =>
    html`<${RowList}
      value=${value}
      set=${set}
      testid=${testid}
      listClass="entries"
      rowClass="entry"
      row=${(entry, change, i) =>
        html`<span class="quiet">${i === 0 ? "Either" : "or"}</span>
          <${IdChecks}
            value=${entry.factors}
            options=${FACTORS}
            set=${(factors) => change({ ...entry, factors })}
            testid=${`${testid}-${i}`}
          />
          ${
            schedules.length > 0 &&
            html`<span class="quiet">only during</span>
              <${IdChecks}
                value=${entry.schedules}
                options=${schedules}
                set=${(s) => change({ ...entry, schedules: s })}
                testid=${`${testid}-${i}-schedules`}
              />`
          }`}
      blank=${() => ({ factors: ["card"], schedules: [] })}
      addLabel="Add an alternative"
    />`;

const describeSide = (entries) =>
  entries.map((e) => e.factors.map((f) => FACTOR_NAME.get(f) ?? f).join(" and ")).join(" or ") || "nothing";

export const Profiles = () => {
  const file = site.value ?? {};
  const policy = file.policy ?? {};
  const sideEditor = Entries(optionsOf(file.schedules));
  return html`<${EntityList}
    entity="profile"
    label="Identification profiles"
    list=${policy.profiles ?? []}
    matches=${(p) => p.name}
    describe=${(p) => {
      const a = describeSide(p.sides.A);
      const b = describeSide(p.sides.B);
      return html`<strong>${p.name}</strong>
        <span class="quiet">${a === b ? a : `side A: ${a} · side B: ${b}`}</span>`;
    }}
    blank=${{ id: "", name: "", sides: { A: [{ factors: ["card"], schedules: [] }], B: [{ factors: ["card"], schedules: [] }] } }}
    fields=${[
      ["name", "Name", "text"],
      policy.facilityCodes && ["includeFacilityCode", "Include facility code for card validation", "flag"],
      ["sides.A", "Side A", "custom", sideEditor],
      ["sides.B", "Side B", "custom", sideEditor],
    ]}
  />`;
};
