// Card formats and PIN (seed "Card formats and PIN", "Access management settings"): the site's PIN
// lengths, end key and keypad lockout, the facility-code switch, which card formats are active with
// their invert flags, and the custom formats (adminCustomFormats.js). Each is a site-wide setting,
// saved with `config.set`.
import { useSignal, useSignalEffect } from "@preact/signals";
import { command, site } from "../client.js";
import { html } from "../html.js";
import { CustomFormats, entryOf } from "./adminCustomFormats.js";
import { EntityForm } from "./adminEntities.js";

const END_KEYS = [
  ["#", "#"],
  ["*", "*"],
];

const PinSettings = ({ pin }) =>
  html`<h3>PIN</h3>
    <${EntityForm}
      entity="pin"
      key=${JSON.stringify(pin)}
      value=${pin}
      testid="pin-form"
      fields=${[
        ["minLength", "Shortest PIN (digits)", "number"],
        ["maxLength", "Longest PIN (digits)", "number"],
        ["endCharacter", "End-of-PIN key", "choice", END_KEYS],
        ["lockout.attempts", "Keypad locks after this many wrong PINs", "number"],
        ["lockout.windowS", "… within (s)", "number"],
        ["lockout.durationS", "Keypad stays locked for (s)", "number"],
      ]}
      body=${(value) => ({ type: "config.set", entity: "pin", value })}
    />`;

const FacilityCodes = ({ on }) =>
  html`<h3>Facility codes</h3>
    <${EntityForm}
      entity="facilityCodes"
      key=${String(on)}
      value=${{ facilityCodes: on }}
      testid="facility-form"
      fields=${[["facilityCodes", "Cards carry facility codes", "flag"]]}
      body=${(draft) => ({ type: "config.set", entity: "facilityCodes", value: draft.facilityCodes === true })}
      locate=${() => "facilityCodes"}
    />`;

/** The `cardFormats` setting from the library and the form's flags. */
const settingOf = (library, draft) => library.map((f) => ({ ...entryOf(f), ...draft[f.name] }));

/** The host names `cardFormats[2].invertByteOrder`; the form names that format's flag. */
const locateFormat = (library) => (_field, path) => {
  const match = /^cardFormats\[(\d+)\]\.?(.*)$/.exec(path);
  const format = match && library[Number(match[1])];
  return format ? `${format.name}.${match[2] || "active"}` : "";
};

const CardFormats = ({ library }) => {
  const draft = Object.fromEntries(
    library.map((f) => [
      f.name,
      { active: f.active, invertBitOrder: f.invertBitOrder, invertByteOrder: f.invertByteOrder },
    ]),
  );
  return html`<h3>Card formats</h3>
    <p class="quiet">Two active formats cannot share a bit length; a predefined format's layout is fixed.</p>
    <${EntityForm}
      entity="cardFormats"
      layout="per-format"
      key=${JSON.stringify(library)}
      value=${draft}
      testid="cardformats-form"
      fields=${library.flatMap((f) => [
        [`${f.name}.active`, `${f.name} — ${f.bits} bits${f.predefined ? "" : " (custom)"}: active`, "flag"],
        [`${f.name}.invertBitOrder`, "invert bit order", "flag"],
        [`${f.name}.invertByteOrder`, "invert byte order", "flag"],
      ])}
      body=${(value) => ({ type: "config.set", entity: "cardFormats", value: settingOf(library, value) })}
      locate=${locateFormat(library)}
    />`;
};

export const CardFormatsAndPin = () => {
  const library = useSignal(null);
  const error = useSignal("");
  // Read again whenever the site changes: an edit here, or anyone else's.
  useSignalEffect(() => {
    if (site.value === null) return;
    command({ type: "config.cardFormatLibrary" }).then((result) => {
      if (result.ok) library.value = result.value;
      else error.value = result.error.message;
    });
  });
  const policy = site.value?.policy ?? {};
  return html`<section aria-label="card formats and PIN" class="settings">
    ${policy.pin && html`<${PinSettings} pin=${policy.pin} />`}
    <${FacilityCodes} on=${policy.facilityCodes === true} />
    ${error.value && html`<p class="refusal" role="alert">${error.value}</p>`}
    ${library.value && html`<${CardFormats} library=${library.value} />`}
    ${library.value && html`<${CustomFormats} library=${library.value} />`}
  </section>`;
};
