// Configuration reports (seed "Export system configuration reports"): the six CSV reports of the
// host, each shown as a table on the page and downloadable as the host writes it.
import { useSignal } from "@preact/signals";
import { canAct, command } from "../client.js";
import { html } from "../html.js";
import { saveFile } from "../ui.js";

const REPORTS = [
  ["cardholders-details", "Cardholders details", "One row per credential: card number, validity, uses."],
  ["cardholders-access", "Cardholders access", "Each cardholder's doors, through which rules and groups."],
  ["cardholder-group-access", "Cardholder group access", "Each group's doors, through which rules."],
  ["access-rule", "Access rules", "Each rule with its cardholders and doors, and whether it is complete."],
  ["door-access", "Door access", "Who may pass each door, and through which rule."],
  ["zone-access", "Zone access", "Who may enter each zone, and through which rule."],
];

/** Rows shown on the page; the download has them all. */
const SHOWN = 100;

const Report = ({ name, title, about }) => {
  const table = useSignal(null);
  const error = useSignal("");
  const answer = async (format) => {
    const result = await command({ type: "report.configuration", report: name, format });
    error.value = result.ok ? "" : result.error.message;
    return result.ok ? result.value : undefined;
  };
  const show = async () => {
    const value = await answer("rows");
    table.value = table.value === null ? (value ?? null) : null;
  };
  const download = async () => {
    const value = await answer("csv");
    if (value) saveFile(`${name}.csv`, value.csv);
  };
  return html`<li data-testid=${`report-${name}`}>
    <div class="row-head">
      <span><strong>${title}</strong> <span class="quiet">${about}</span></span>
      <button type="button" data-testid=${`report-${name}-show`} disabled=${!canAct.value} onClick=${show}>
        ${table.value ? "Hide" : "Show"}
      </button>
      <button type="button" data-testid=${`report-${name}-csv`} disabled=${!canAct.value} onClick=${download}>
        Download CSV
      </button>
    </div>
    ${error.value && html`<p class="refusal" role="alert">${error.value}</p>`}
    ${
      table.value &&
      html`<div class="report">
        <p class="quiet" data-testid=${`report-${name}-count`}>
          ${`${table.value.rows.length} rows${table.value.rows.length > SHOWN ? `, first ${SHOWN} shown` : ""}`}
        </p>
        <table data-testid=${`report-${name}-table`}>
          <thead>
            <tr>
              ${table.value.header.map((h) => html`<th>${h}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${table.value.rows.slice(0, SHOWN).map(
              (row) =>
                html`<tr>
                  ${row.map((cell) => html`<td>${cell}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    }
  </li>`;
};

/** The administration page "Reports". */
export const Reports = () =>
  html`<section aria-label="reports">
    <p class="quiet">
      The site's configuration seen from cardholders, groups, rules, doors and zones, joined through groups,
      rules and zones. Roll call is on the Mustering page.
    </p>
    <ul class="rows">
      ${REPORTS.map(([name, title, about]) => html`<${Report} key=${name} name=${name} title=${title} about=${about} />`)}
    </ul>
  </section>`;
