// Custom card formats (seed "Card formats and PIN", "Add a card format"): a site's own Wiegand
// layouts — bit length, card number and facility code fields, parity rules — added, edited and
// removed. The whole `cardFormats` setting is sent with `config.set`; the host validates the format
// (and that no two active formats share a bit length), and a refusal shows beside the field it names.
import { useSignal } from "@preact/signals";
import { canAct } from "../client.js";
import { html } from "../html.js";
import { CommandButton } from "../ui.js";
import { EntityForm, RowList } from "./adminEntities.js";

const OUTPUTS = [
  ["decimal", "decimal"],
  ["hex", "hexadecimal"],
];
const BIT_ORDERS = [
  ["big-endian", "first bit most significant"],
  ["little-endian", "first bit least significant"],
];
const PARITIES = [
  ["even", "even"],
  ["odd", "odd"],
];

/** One entry of the `cardFormats` setting from the library: a predefined format by name and flags, a custom one in full. */
export const entryOf = ({ predefined, ...format }) =>
  predefined
    ? {
        name: format.name,
        active: format.active,
        invertBitOrder: format.invertBitOrder,
        invertByteOrder: format.invertByteOrder,
      }
    : format;

/** The setting with the custom format `original` (a name; `undefined`: a new one) replaced by `format`, or left out when `format` is null. */
const settingWith = (library, original, format) => {
  const entries = library.flatMap((f) =>
    f.name !== original ? [entryOf(f)] : format === null ? [] : [{ ...format, active: f.active }],
  );
  return original === undefined ? [...entries, format] : entries;
};

/** Bit ranges as typed (`1-12, 14`) → `[{from, to}]`; what is not a number goes to the host as typed, to be refused by name. */
const rangesOf = (text) =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const [from, to = from] = part.split("-").map((n) => n.trim());
      const number = (n) => (/^\d+$/.test(n) ? Number(n) : n);
      return { from: number(from), to: number(to) };
    });
const textOf = (ranges) =>
  ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(", ");

/** A format as the form edits it: the facility code as a switch, parity coverage as text. */
const draftOf = (format) => ({
  ...format,
  hasFacilityCode: format.facilityCode !== undefined,
  parity: (format.parity ?? []).map((p) => ({ ...p, over: textOf(p.over) })),
});

/** The format to store from a draft. */
const formatOf = ({
  hasFacilityCode,
  facilityCode,
  parity,
  active: _active,
  predefined: _predefined,
  ...format
}) => ({
  ...format,
  ...(hasFacilityCode && { facilityCode: facilityCode ?? { range: {} } }),
  parity: (parity ?? []).map((p) => ({ ...p, over: rangesOf(p.over ?? "") })),
});

/** A parity rule's row: the parity bit, even or odd, and the bits it covers. */
const parityRow = (testid) => (rule, change, i) =>
  html`<label
      >Parity bit
      <input
        size="4"
        data-testid=${`${testid}-${i}-position`}
        value=${rule.position ?? ""}
        onInput=${(e) => change({ ...rule, position: Number(e.currentTarget.value) })}
    /></label>
    <label
      >Parity
      <select
        data-testid=${`${testid}-${i}-parity`}
        value=${rule.parity}
        onChange=${(e) => change({ ...rule, parity: e.currentTarget.value })}
      >
        ${PARITIES.map(([v, text]) => html`<option value=${v}>${text}</option>`)}
      </select></label
    >
    <label
      >Over bits (e.g. 1-12, 14)
      <input
        data-testid=${`${testid}-${i}-over`}
        value=${rule.over}
        onInput=${(e) => change({ ...rule, over: e.currentTarget.value })}
    /></label>`;

/** Parity rules, one row each. */
const ParityRules = ({ value, set, testid }) =>
  html`<${RowList}
    value=${value}
    set=${set}
    testid=${testid}
    row=${parityRow(testid)}
    blank=${() => ({ position: 0, parity: "even", over: "" })}
    addLabel="Add a parity rule"
  />`;

const fieldRows = (name, label) => [
  [`${name}.range.from`, `${label}: first bit`, "number"],
  [`${name}.range.to`, `${label}: last bit`, "number"],
  [`${name}.output`, `${label}: shown as`, "choice", OUTPUTS],
  [`${name}.bitOrder`, `${label}: bit order`, "choice", BIT_ORDERS],
];

const fields = (d) => [
  ["name", "Name", "text"],
  ["bits", "Bit length", "number"],
  ["invertBitOrder", "Invert bit order", "flag"],
  ["invertByteOrder", "Invert byte order", "flag"],
  ...fieldRows("cardNumber", "Card number"),
  ["hasFacilityCode", "Has a facility code", "flag"],
  ...(d.hasFacilityCode ? fieldRows("facilityCode", "Facility code") : []),
  ["parity", "Parity rules (bit 0 is the first bit read)", "custom", ParityRules],
];

/** The form of one custom format; `original` is its name, undefined for a new one. */
const CustomFormatForm = ({ library, format, original, onClose }) => {
  // The host names `cardFormats[3].cardNumber.range.to`: this format's own field when 3 is its place.
  const place = original === undefined ? library.length : library.findIndex((f) => f.name === original);
  return html`<${EntityForm}
    entity="cardFormats"
    value=${format}
    title=${original === undefined ? "New custom card format" : `Custom card format ${original}`}
    testid="customformat-form"
    fields=${fields}
    toDraft=${draftOf}
    body=${(draft) => ({ type: "config.set", entity: "cardFormats", value: settingWith(library, original, formatOf(draft)) })}
    locate=${(field, path) => (new RegExp(`^cardFormats\\[${place}\\](\\.|$)`).test(path) ? field : "")}
    onClose=${onClose}
  />`;
};

const BLANK = {
  name: "",
  bits: 26,
  cardNumber: { range: { from: 1, to: 24 }, output: "decimal", bitOrder: "big-endian" },
  parity: [],
};

/** The site's custom card formats, each editable and removable, and a form for a new one. */
export const CustomFormats = ({ library }) => {
  const editing = useSignal(null);
  const close = () => (editing.value = null);
  const custom = library.filter((f) => !f.predefined);
  return html`<h3>Custom card formats</h3>
    <p class="quiet">
      A new format starts inactive: activate it above once no active format has its bit length.
    </p>
    <ul class="rows" data-testid="customformat-list">
      ${custom.map(
        (f) =>
          html`<li key=${f.name} data-testid=${`customformat-${f.name}`}>
            <div class="row-head">
              <span
                ><strong>${f.name}</strong>
                <span class="quiet"
                  >${`${f.bits} bits · card number bits ${f.cardNumber ? `${f.cardNumber.range.from}–${f.cardNumber.range.to}` : "none"}${f.facilityCode ? ` · facility code bits ${f.facilityCode.range.from}–${f.facilityCode.range.to}` : ""} · ${f.active ? "active" : "inactive"}`}</span
                ></span
              >
              <button
                type="button"
                data-testid=${`customformat-${f.name}-edit`}
                disabled=${!canAct.value}
                onClick=${() => (editing.value = editing.value === f.name ? null : f.name)}
              >
                Edit
              </button>
              <${CommandButton}
                label="Remove"
                danger=${true}
                testid=${`customformat-${f.name}-remove`}
                confirm=${`Remove the card format ${f.name}?`}
                body=${() => ({ type: "config.set", entity: "cardFormats", value: settingWith(library, f.name, null) })}
              />
            </div>
            ${editing.value === f.name && html`<${CustomFormatForm} library=${library} format=${f} original=${f.name} onClose=${close} />`}
          </li>`,
      )}
    </ul>
    <button
      type="button"
      data-testid="customformat-new"
      disabled=${!canAct.value}
      onClick=${() => (editing.value = "")}
    >
      New custom format
    </button>
    ${editing.value === "" && html`<${CustomFormatForm} library=${library} format=${BLANK} onClose=${close} />`}`;
};
