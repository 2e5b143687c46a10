// Import, export and undo import (seed "Import and export"): a CSV file of cardholders, their
// groups and credentials with the host's import settings and a column mapping; every bad row listed
// with its line and column; Undo import back to the point saved before the last import; and the
// export as a CSV download. The host checks and applies the file all or nothing.
import { useSignal, useSignalEffect } from "@preact/signals";
import { command, canAct, online, site } from "../client.js";
import { html } from "../html.js";
import { uploadImport } from "../importUpload.js";
import { CommandButton, saveFile } from "../ui.js";

const MODES = [
  ["update", "Update: change the cardholders the file names, add the others"],
  ["add", "Add: keep existing cardholders, add the file's"],
  ["new", "New: remove every cardholder, then add the file's"],
];
const DELIMITERS = [
  [",", "comma ,"],
  [";", "semicolon ;"],
  ["\t", "tab"],
  ["|", "bar |"],
];
const IDENTIFIERS = [
  ["id", "Cardholder ID"],
  ["name", "First and last name"],
  ["email", "Email"],
];
const CARD_NUMBERS = [
  ["both", "Hex or decimal (0x… or a hex letter means hex)"],
  ["hex", "Hexadecimal"],
  ["decimal", "Decimal"],
];

/** The cells of a CSV text's first record (RFC 4180 quotes), to offer its columns for mapping. */
const firstRecord = (text, delimiter) => {
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) (cells.push(cell), (cell = ""));
    else if (ch === "\n" || ch === "\r") break;
    else cell += ch;
  }
  return [...cells, cell];
};

const Choice = ({ label, value, options, testid }) =>
  html`<label
    >${label}
    <select
      data-testid=${testid}
      value=${value.value}
      onChange=${(e) => (value.value = e.currentTarget.value)}
    >
      ${options.map(([v, text]) => html`<option value=${v}>${text}</option>`)}
    </select></label
  >`;

/**
 * Which heading each column of the file takes (seed "Assign a heading to each column"): read from
 * the header row at first, any column may be mapped to another heading or skipped.
 */
const ColumnMapping = ({ sample, headings, header, set }) => {
  const standard = useSignal([]);
  useSignalEffect(() => {
    if (online.value)
      command({ type: "config.importColumns" }).then((r) => r.ok && (standard.value = r.value.columns));
  });
  const known = [...standard.value, ...(site.value?.policy?.customFields ?? [])];
  return html`<fieldset class="mapping">
    <legend>Columns</legend>
    <table>
      <thead>
        <tr>
          <th>${header ? "Header" : "First row"}</th>
          <th>Imported as</th>
        </tr>
      </thead>
      <tbody>
        ${sample.map(
          (cell, i) =>
            html`<tr key=${i}>
              <td>${cell}</td>
              <td>
                <select
                  data-testid=${`import-column-${i}`}
                  value=${headings[i] ?? ""}
                  onChange=${(e) => set(i, e.currentTarget.value)}
                >
                  <option value="">(skip this column)</option>
                  ${[...known, ...(known.includes(headings[i]) || !headings[i] ? [] : [headings[i]])].map(
                    (name) => html`<option value=${name}>${name}</option>`,
                  )}
                </select>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </fieldset>`;
};

/** Bad rows listed at first; the rest on request, so a file wrong throughout does not stall the page. */
const LISTED = 500;

/** An import refused: every bad row with its line and column (line 0: the file as a whole). */
const Issues = ({ error }) => {
  const all = useSignal(false);
  const issues = error.issues ?? [];
  const shown = all.value ? issues : issues.slice(0, LISTED);
  return html`<div class="import-refused" role="alert" data-testid="import-error">
    <p class="refusal">
      ${error.issues ? `Import refused, nothing changed: ${issues.length} ${issues.length === 1 ? "problem" : "problems"}.` : error.message}
    </p>
    ${
      error.issues &&
      html`<table data-testid="import-issues">
        <thead>
          <tr>
            <th>Line</th>
            <th>Column</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map(
            (issue, i) =>
              html`<tr key=${i} data-testid=${`import-issue-${i}`}>
                <td>${issue.line > 0 ? issue.line : "file"}</td>
                <td>${issue.field}</td>
                <td>${issue.message}</td>
              </tr>`,
          )}
        </tbody>
      </table>`
    }
    ${
      shown.length < issues.length &&
      html`<button type="button" data-testid="import-issues-all" onClick=${() => (all.value = true)}>
        ${`Show all ${issues.length} problems`}
      </button>`
    }
  </div>`;
};

const ImportForm = () => {
  const file = useSignal(null);
  const mode = useSignal("update");
  const header = useSignal(true);
  const delimiter = useSignal(",");
  const identifier = useSignal("id");
  const cardNumbers = useSignal("both");
  /** The headings chosen by hand, by column; the others follow the header row. */
  const mapped = useSignal({});
  const status = useSignal("");
  const result = useSignal(null);
  const refused = useSignal(null);

  const sample = file.value ? firstRecord(file.value.text, delimiter.value) : [];
  const headings = sample.map((cell, i) => mapped.value[i] ?? (header.value ? cell.trim() : ""));
  const byHand = Object.keys(mapped.value).length > 0 || !header.value;
  const options = () => ({
    mode: mode.value,
    header: header.value,
    delimiter: delimiter.value,
    identifier: identifier.value,
    cardNumbers: cardNumbers.value,
    ...(byHand && { columns: headings }),
  });
  const choose = async (e) => {
    const chosen = e.currentTarget.files?.[0];
    result.value = null;
    refused.value = null;
    mapped.value = {};
    file.value = chosen ? { name: chosen.name, text: await chosen.text() } : null;
  };
  const run = async () => {
    result.value = null;
    refused.value = null;
    const rows = file.value.text.split("\n").filter((l) => l.trim() !== "").length - (header.value ? 1 : 0);
    status.value = `Importing ${file.value.name} (${rows} rows): the host checks every row, then applies them all at once…`;
    const answer = await uploadImport(file.value.text, options());
    status.value = "";
    return answer;
  };

  return html`<section class="import" aria-label="import">
    <h3>Import cardholders</h3>
    <p class="quiet">
      A CSV file of cardholders with their groups and credentials. It is imported whole or not at all; before
      it is applied, the configuration is saved so that Undo import can put it back.
    </p>
    <div class="filters">
      <label
        >CSV file
        <input type="file" accept=".csv,text/csv,text/plain" data-testid="import-file" onChange=${choose}
      /></label>
      <${Choice} label="Mode" value=${mode} options=${MODES} testid="import-mode" />
      <${Choice}
        label="Unique identifier"
        value=${identifier}
        options=${IDENTIFIERS}
        testid="import-identifier"
      />
      <${Choice}
        label="Card numbers"
        value=${cardNumbers}
        options=${CARD_NUMBERS}
        testid="import-cardnumbers"
      />
      <${Choice} label="Delimiter" value=${delimiter} options=${DELIMITERS} testid="import-delimiter" />
      <label class="flag"
        ><input
          type="checkbox"
          data-testid="import-header"
          checked=${header.value}
          onChange=${(e) => (header.value = e.currentTarget.checked)}
        />
        First row is header</label
      >
    </div>
    ${
      sample.length > 0 &&
      html`<${ColumnMapping}
        sample=${sample}
        headings=${headings}
        header=${header.value}
        set=${(i, heading) => (mapped.value = { ...mapped.value, [i]: heading })}
      />`
    }
    ${
      file.value &&
      html`<${CommandButton}
        label=${`Import ${file.value.name}`}
        testid="import-run"
        danger=${mode.value === "new"}
        confirm=${mode.value === "new" ? "New removes every existing cardholder, their credentials and group memberships first." : undefined}
        run=${run}
        onDone=${(value) => (result.value = value)}
        onRefused=${(error) => (refused.value = error)}
      />`
    }
    ${status.value && html`<p class="quiet" role="status" data-testid="import-status">${status.value}</p>`}
    ${
      result.value &&
      html`<p data-testid="import-result">
        ${`Imported: ${result.value.added} added, ${result.value.updated} updated, ${result.value.removed} removed.`}
        ${result.value.warnings.length > 0 && html`<span class="quiet">${` ${result.value.warnings.length} warnings: ${result.value.warnings.map((w) => `${w.field}: ${w.message}`).join("; ")}`}</span>`}
      </p>`
    }
    ${refused.value && html`<${Issues} error=${refused.value} />`}
  </section>`;
};

const UndoImport = () => {
  const done = useSignal("");
  return html`<section aria-label="undo import">
    <h3>Undo import</h3>
    <p class="quiet">
      Puts cardholders and all hardware configuration back to how they were before the last import — changes
      made since then are undone too. Once per import.
    </p>
    <${CommandButton}
      label="Undo import"
      testid="undo-import"
      danger=${true}
      confirm="Put cardholders and hardware configuration back to before the last import?"
      body=${() => ({ type: "config.undoImport" })}
      onDone=${(value) =>
        (done.value = `The last import is undone.${value.warnings.length > 0 ? ` ${value.warnings.length} warnings.` : ""}`)}
    />
    ${done.value && html`<p data-testid="undo-import-done">${done.value}</p>`}
  </section>`;
};

const Export = () => {
  const error = useSignal("");
  const exportCsv = async () => {
    const result = await command({ type: "config.export" });
    error.value = result.ok ? "" : result.error.message;
    if (result.ok) saveFile("cardholders.csv", result.value.csv);
  };
  return html`<section aria-label="export">
    <h3>Export cardholders</h3>
    <p class="quiet">
      Every cardholder with the import's columns; importing the file again with Update changes nothing.
    </p>
    <button type="button" data-testid="export-csv" disabled=${!canAct.value} onClick=${exportCsv}>
      Export CSV
    </button>
    ${error.value && html`<span class="refusal" role="alert">${error.value}</span>`}
  </section>`;
};

/** The administration page "Import and export". */
export const Transfer = () =>
  html`<section aria-label="import and export" class="settings">
    <${ImportForm} />
    <${UndoImport} />
    <${Export} />
  </section>`;
