// Reader settings of a door (seed "Add a reader" step 5): a reader may take PINs of its own length
// and end key instead of the site's. Saved as the door's `sides` with `config.patch`; the host
// checks the lengths, and that every PIN credential still fits some keypad.
import { site } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { EntityForm } from "./adminEntities.js";

const END_KEYS = [
  ["", "the site's"],
  ["#", "#"],
  ["*", "*"],
];

/** The door's readers that can have a keypad, each with a key for the form (`A0`: side A's first). */
const keypadReaders = (door) =>
  ["A", "B"].flatMap((side) =>
    (door.sides?.[side]?.readers ?? []).flatMap((reader, index) =>
      reader.type === "lpr" ? [] : [{ key: `${side}${index}`, side, index, reader }],
    ),
  );

/** The form's draft: per reader, whether it has its own PIN length, and that length. */
const draftOf = (door) => {
  // A reader without its own length starts from the site's, should it get one.
  const { minLength, maxLength } = site.value?.policy?.pin ?? {};
  return Object.fromEntries(
    keypadReaders(door).map(({ key, reader }) => [
      key,
      { custom: reader.pin !== undefined, ...(reader.pin ?? { minLength, maxLength }) },
    ]),
  );
};

/** The door's sides with each reader's `pin` as the draft says. */
const sidesOf = (door, draft) => {
  const sides = structuredClone(door.sides);
  for (const { key, side, index } of keypadReaders(door)) {
    const { custom, ...pin } = draft[key] ?? {};
    const reader = sides[side].readers[index];
    if (custom) reader.pin = pin;
    else delete reader.pin;
  }
  return sides;
};

/** The host names `sides.A.readers[0].pin.maxLength`; the form names `A0.maxLength`. */
const locate = (field) => {
  const match = /^sides\.([AB])\.readers\[(\d+)\]\.pin(?:\.(\w+))?/.exec(field);
  return match ? `${match[1]}${match[2]}.${match[3] ?? "minLength"}` : "";
};

const fields = (door) => (draft) =>
  keypadReaders(door).flatMap(({ key, reader }) => [
    [`${key}.custom`, `${names.value.reader(reader.id)}: own PIN length`, "flag"],
    ...(draft[key]?.custom
      ? [
          [`${key}.minLength`, "Shortest PIN (digits)", "number"],
          [`${key}.maxLength`, "Longest PIN (digits)", "number"],
          [`${key}.endCharacter`, "End-of-PIN key", "choice", END_KEYS],
        ]
      : []),
  ]);

/** The reader settings form of a standard door. */
export const ReaderSettings = ({ door, onClose }) =>
  keypadReaders(door).length > 0 &&
  html`<${EntityForm}
    entity="door"
    title="Readers"
    value=${door}
    toDraft=${draftOf}
    fields=${fields(door)}
    testid="readers-form"
    body=${(draft) => ({ type: "config.patch", entity: "door", id: door.id, fields: { sides: sidesOf(door, draft) } })}
    locate=${locate}
    onClose=${onClose}
  />`;
