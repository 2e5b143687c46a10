// Credentials (seed "Add credentials"): cards, PINs, plates and mobile identifiers of cardholders,
// searched by owner, name or number. A card's data can come from the last card swiped at a chosen
// door (`door.lastCard`), the manual's "get last swiped card data".
import { useSignal } from "@preact/signals";
import { canAct, command, site } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { EntityList } from "./adminEntities.js";

const KINDS = [
  ["card", "Card"],
  ["pin", "PIN"],
  ["plate", "License plate"],
  ["mobile", "Mobile"],
];
const VALID_TO = [
  ["none", "Never expires"],
  ["date", "On a date"],
  ["uses", "After a number of uses"],
  ["first-use", "A period after the first use"],
  ["last-use", "A period after the last use"],
];
const UNITS = [
  ["days", "days"],
  ["months", "months"],
  ["years", "years"],
];

/** The fields each kind stores (DESIGN §3 "Credential"); the rest of a draft is left behind on save. */
const KEYS = {
  card: ["number", "bitLength", "facilityCode", "validity"],
  pin: ["pin", "duressPin", "pinTag", "duressTag", "length"],
  plate: ["plate", "validity"],
  mobile: ["identifier"],
};
const VALID_TO_KEYS = {
  none: [],
  date: ["at"],
  uses: ["count"],
  "first-use": ["period"],
  "last-use": ["period"],
};

const pick = (value, keys) =>
  Object.fromEntries(keys.filter((k) => value?.[k] !== undefined).map((k) => [k, value[k]]));

/**
 * The credential to store from a draft: its kind's fields only, a validity end with its kind's
 * fields only, and for a PIN either the new PIN typed or the tags it has (a PIN is never shown back).
 */
const credentialOf = (draft) => {
  const kind = draft.kind ?? "card";
  let value = {
    ...pick(draft, ["id", "cardholderId", "name"]),
    name: draft.name ?? "",
    kind,
    ...pick(draft, KEYS[kind]),
  };
  if (kind === "pin") {
    const typed = { pin: value.pin, duressPin: value.duressPin };
    value = typed.pin
      ? { ...pick(value, ["id", "cardholderId", "name", "kind"]), ...pick(typed, ["pin", "duressPin"]) }
      : { ...value, pin: undefined, duressPin: undefined };
  }
  if (value.validity !== undefined) {
    const to = value.validity.validTo ?? { kind: "none" };
    value = {
      ...value,
      validity: { ...value.validity, validTo: { kind: to.kind, ...pick(to, VALID_TO_KEYS[to.kind] ?? []) } },
    };
  }
  return JSON.parse(JSON.stringify(value));
};

/** What a credential shows in its row; a card number only if the host sent it (viewers never get one). */
const shownValue = (c) =>
  c.kind === "card"
    ? c.number === undefined
      ? "card"
      : `card ${c.facilityCode === undefined ? "" : `${c.facilityCode}:`}${c.number}`
    : c.kind === "pin"
      ? `PIN${c.duressTag ? " + duress PIN" : ""}`
      : c.kind === "plate"
        ? `plate ${c.plate}`
        : `mobile ${c.identifier}`;

/**
 * The cardholder of a credential: typed as a name or id, offered from the people that match (a
 * site may have 100 000), and shown by name once it names one.
 */
const PersonPicker = ({ value, set, testid }) => {
  const n = names.value;
  const q = (value ?? "").toLowerCase();
  const offered = [];
  if (q.length > 0)
    for (const [id] of n.people) {
      if (offered.length >= 20) break;
      if (id.toLowerCase().includes(q) || n.person(id).toLowerCase().includes(q)) offered.push(id);
    }
  return html`<div class="picker">
    <input
      list=${`${testid}-people`}
      data-testid=${testid}
      value=${value ?? ""}
      onInput=${(e) => set(e.currentTarget.value)}
    />
    <datalist id=${`${testid}-people`}>
      ${offered.map((id) => html`<option value=${id}>${n.person(id)}</option>`)}
    </datalist>
    <span class="quiet" data-testid=${`${testid}-name`}
      >${n.people.has(value) ? n.person(value) : "no such cardholder"}</span
    >
  </div>`;
};

/** "Get last swiped card": the latest read at a chosen door's readers fills the card's fields. */
const LastCard = ({ testid, merge }) => {
  const n = names.value;
  const doors = n.doorList.filter((d) => d.type !== "monitoring");
  const doorId = useSignal(doors[0]?.id ?? "");
  const note = useSignal("");
  const fetchLast = async () => {
    const result = await command({ type: "door.lastCard", doorId: doorId.value });
    if (!result.ok) return void (note.value = result.error.message);
    const read = result.value;
    if (read === null || read.card === undefined) {
      note.value =
        read === null
          ? "No card has been read at this door since the host started."
          : "The last read was not a card this site can decode.";
      return;
    }
    merge({
      number: read.card.number,
      ...(read.card.facility !== undefined &&
        site.value?.policy?.facilityCodes && { facilityCode: read.card.facility }),
      ...(read.bits !== undefined && { bitLength: read.bits.length }),
    });
    note.value = `Card ${read.card.number} read at ${n.reader(read.readerId)}, ${n.time(read.at)}${read.format ? ` (${read.format})` : ""}.`;
  };
  return html`<div class="toolbar">
    <select
      data-testid=${`${testid}-door`}
      value=${doorId.value}
      onChange=${(e) => (doorId.value = e.currentTarget.value)}
    >
      ${doors.map((d) => html`<option value=${d.id}>${d.name}</option>`)}
    </select>
    <button
      type="button"
      data-testid=${`${testid}-get`}
      disabled=${!canAct.value || !doorId.value}
      onClick=${fetchLast}
    >
      Get last swiped card
    </button>
    ${note.value && html`<span class="quiet" data-testid=${`${testid}-note`}>${note.value}</span>`}
  </div>`;
};

const validityFields = (d) => {
  const to = d.validity?.validTo?.kind ?? "none";
  return [
    ["validity.validFrom", "Valid from", "time"],
    ["validity.validTo.kind", "Valid to", "choice", VALID_TO],
    to === "date" && ["validity.validTo.at", "Valid until", "time"],
    to === "uses" && ["validity.validTo.count", "Number of uses", "number"],
    (to === "first-use" || to === "last-use") && ["validity.validTo.period.amount", "Period", "number"],
    (to === "first-use" || to === "last-use") && ["validity.validTo.period.unit", "Unit", "choice", UNITS],
  ];
};

/** A credential's fields for its kind; `facilityCodes`: the site's switch. */
const fieldsFor = (facilityCodes) => (d) => {
  const kind = d.kind ?? "card";
  return [
    ["cardholderId", "Cardholder", "custom", PersonPicker],
    ["name", "Name", "text"],
    ["kind", "Kind", "choice", KINDS],
    ...(kind === "card"
      ? [
          ["lastCard", "Last swiped card", "custom", LastCard],
          ["number", "Card number", "text"],
          facilityCodes && ["facilityCode", "Facility code", "text"],
          ["bitLength", "Bit length", "number"],
          ...validityFields(d),
        ]
      : kind === "pin"
        ? [
            ["pin", d.pinTag ? "New PIN (leave empty to keep it)" : "PIN", "secret"],
            ["duressPin", "Duress PIN", "secret"],
          ]
        : kind === "plate"
          ? [["plate", "Plate", "text"], ...validityFields(d)]
          : [["identifier", "Identifier", "text"]]),
  ];
};

export const Credentials = () => {
  const policy = site.value?.policy ?? {};
  const n = names.value;
  const form = {
    body: (draft) => ({ type: "config.put", entity: "credential", value: credentialOf(draft) }),
  };
  return html`<${EntityList}
    entity="credential"
    label="Credentials"
    list=${policy.credentials ?? []}
    matches=${(c) => `${n.person(c.cardholderId)} ${c.name} ${shownValue(c)}`}
    describe=${(c) =>
      html`<strong>${n.person(c.cardholderId)}</strong> ${c.name}
        <span class="quiet">${shownValue(c)}</span>`}
    blank=${{ id: "", cardholderId: "", name: "", kind: "card" }}
    fields=${fieldsFor(policy.facilityCodes === true)}
    form=${form}
  />`;
};
