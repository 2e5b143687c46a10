// What every administration page shares: an edit form that saves through the host and shows the
// host's refusal beside the field it names, and a searchable list of one entity with its forms.
import { computed, useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import { canAct, command } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { CommandButton, siteTime, wallTime } from "../ui.js";

/** Most rows a search shows: typing narrows it. */
const SHOWN = 50;

/** From this many rows a search waits for a pause in typing ({@link SEARCH_PAUSE_MS}), so keys never queue behind it. */
const LARGE = 2_000;
const SEARCH_PAUSE_MS = 150;

/** The site-file list an entity lives in, or the setting's own key (`door` → `doors`, `pin` → `pin`). */
const keyOf = (entity) =>
  entity === "doorPolicy"
    ? "doorPolicies"
    : ["pin", "facilityCodes", "cardFormats"].includes(entity)
      ? entity
      : `${entity}s`;

/**
 * A host refusal of a change to `entity` as the path inside that entity and its text. The host
 * names a field of the entity alone ("initials: …") or of the whole site file once the entity is
 * in it ("policy.doors[3].timing.accessTimeS: …", "policy.pin.maxLength: …"): the part that says
 * which entity is what the page already knows. A field of another entity keeps its whole path.
 */
export const fieldOf = (message, entity) => {
  const colon = message.indexOf(": ");
  if (colon < 0) return { path: "", field: "", text: message };
  const path = message.slice(0, colon);
  const own = new RegExp(`^(?:policy\\.)?${keyOf(entity)}(?:\\[\\d+\\])?(?:\\.|$)`);
  return { path, field: own.test(path) ? path.replace(own, "") : path, text: message.slice(colon + 2) };
};

/**
 * Where a refusal belongs: a configuration error inside the entity ({@link fieldOf}), a command's
 * own bad field (`BadCommand`, "user: …"), or the form as a whole.
 */
const refusalOf = (error, entity) => {
  if (error.code === "ConfigError") return fieldOf(error.message, entity);
  const colon = error.message.indexOf(": ");
  return error.code === "BadCommand" && colon > 0
    ? {
        path: error.message.slice(0, colon),
        field: error.message.slice(0, colon),
        text: error.message.slice(colon + 2),
      }
    : { path: "", field: "", text: error.message };
};

/** The value at a dotted path (`timing.accessTimeS`). */
export const getIn = (value, path) =>
  path.split(".").reduce((v, key) => (v === undefined || v === null ? undefined : v[key]), value);

/** A copy of `value` with the dotted path set; `undefined` removes the key, so the host's default applies. */
export const setIn = (value, path, v) => {
  const [key, ...rest] = path.split(".");
  const copy = { ...value };
  const next = rest.length === 0 ? v : setIn(value?.[key] ?? {}, rest.join("."), v);
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy;
};

/** The form field a refusal's path lands on: itself, or the field it lies under (`doors[1].role` → `doors`). */
const fieldFor = (names, path) =>
  names
    .filter((n) => path === n || path.startsWith(`${n}.`) || path.startsWith(`${n}[`))
    .sort((a, b) => b.length - a.length)[0] ?? "";

/** A number input's value: empty leaves the field out; what is not a number goes to the host as typed, to be refused by name. */
const numberOf = (text) =>
  text.trim() === "" ? undefined : Number.isNaN(Number(text)) ? text : Number(text);

/** A set of checkboxes over `options` (`[id, label]`), editing a list of ids. */
export const IdChecks = ({ value, options, set, testid }) =>
  html`<div class="checks">
    ${options.map(
      ([id, text]) =>
        html`<label
          ><input
            type="checkbox"
            data-testid=${`${testid}-${id}`}
            checked=${(value ?? []).includes(id)}
            onChange=${(e) =>
              set(e.currentTarget.checked ? [...(value ?? []), id] : (value ?? []).filter((x) => x !== id))}
          />
          ${text}</label
        >`,
    )}
  </div>`;

/**
 * An editable list inside a form: each item a row drawn by `row(item, change, i)` (`change` replaces
 * it) and followed by its Remove button, then an Add button appending `blank()`.
 */
export const RowList = ({
  value,
  set,
  testid,
  row,
  blank,
  addLabel,
  removeLabel = "Remove",
  listClass = "ranges",
  rowClass = "toolbar",
}) => {
  const items = value ?? [];
  return html`<div class=${listClass}>
    ${items.map(
      (item, i) =>
        html`<div class=${rowClass} key=${i}>
          ${row(item, (next) => set(items.map((x, j) => (j === i ? next : x))), i)}
          <button
            type="button"
            data-testid=${`${testid}-${i}-remove`}
            onClick=${() => set(items.filter((_, j) => j !== i))}
          >
            ${removeLabel}
          </button>
        </div>`,
    )}
    <button type="button" data-testid=${`${testid}-add`} onClick=${() => set([...items, blank()])}>
      ${addLabel}
    </button>
  </div>`;
};

/**
 * One field of a form. `kind`: `text`, `secret` (write-only, never shown back), `number`, `flag`,
 * `choice` and `ids` (with `options` as `[id, label]`), `time` (site wall time, stored as ISO), or
 * `custom` (`options` renders it from `{value, set, testid, draft, merge}`, `merge` setting several
 * top-level fields at once).
 */
const Field = ({ name, label, kind, options, value, set, testid, error, draft, merge }) => {
  const id = `${testid}-${name}`;
  switch (kind) {
    case "flag":
      return html`<label class="flag"
        ><input
          type="checkbox"
          data-testid=${id}
          checked=${value === true}
          onChange=${(e) => set(e.currentTarget.checked)}
        />
        ${label} ${error}</label
      >`;
    case "ids":
      return html`<fieldset>
        <legend>${label} ${error}</legend>
        <${IdChecks} value=${value} options=${options} set=${set} testid=${id} />
      </fieldset>`;
    case "custom":
      return html`<fieldset>
        <legend>${label} ${error}</legend>
        ${options({ value, set, testid: id, draft, merge })}
      </fieldset>`;
    case "choice":
      return html`<label
        >${label}
        <select
          data-testid=${id}
          value=${value ?? ""}
          onChange=${(e) => set(e.currentTarget.value || undefined)}
        >
          ${options.map(([v, text]) => html`<option value=${v}>${text}</option>`)}
        </select>
        ${error}</label
      >`;
    case "time": {
      const zone = names.value.timeZone;
      return html`<label
        >${label} <span class="quiet">(${zone})</span>
        <input
          type="datetime-local"
          data-testid=${id}
          value=${wallTime(value, zone)}
          onInput=${(e) => {
            const at = siteTime(e.currentTarget.value, zone);
            set(at === undefined ? undefined : new Date(at).toISOString());
          }}
        />
        ${error}</label
      >`;
    }
    default:
      return html`<label
        >${label}
        <input
          type=${kind === "secret" ? "password" : "text"}
          inputmode=${kind === "number" ? "numeric" : undefined}
          autocomplete="off"
          data-testid=${id}
          value=${value ?? ""}
          onInput=${(e) => set(kind === "number" ? numberOf(e.currentTarget.value) : e.currentTarget.value)}
        />
        ${error}</label
      >`;
  }
};

/**
 * An edit form over one entity or setting. `fields` are `[path, label, kind, options]` (see
 * {@link Field}; falsy entries are skipped), or a function of the draft giving them, for forms whose
 * fields depend on a choice. Saving sends `body(draft)` (default: `config.put` of the draft as
 * `entity`); a refusal lands on the field it names (`locate(field, path)` maps it when the
 * entity's fields are not the form's, as when `toDraft` shaped the draft for editing), anything
 * else below the form. `title` heads it, `layout` is a class for its grid.
 */
export const EntityForm = ({
  entity,
  value,
  fields,
  onClose,
  onSaved,
  testid,
  body,
  locate,
  toDraft,
  title,
  layout,
}) => {
  const draft = useSignal(toDraft ? toDraft(value) : value);
  const errors = useSignal({ field: "", text: "" });
  const busy = useSignal(false);
  const shown = (typeof fields === "function" ? fields(draft.value) : fields).filter(Boolean);
  const known = shown.map(([name]) => name);
  const save = async (e) => {
    e.preventDefault();
    busy.value = true;
    const result = await command(
      body ? body(draft.value) : { type: "config.put", entity, value: draft.value },
    );
    busy.value = false;
    if (result.ok) {
      errors.value = { field: "", text: "" };
      onSaved?.(result.value, draft.value);
      onClose?.();
      return;
    }
    const refusal = refusalOf(result.error, entity);
    const path = locate ? locate(refusal.field, refusal.path) : refusal.field;
    errors.value = { field: fieldFor(known, path), text: refusal.text };
  };
  const errorFor = (name) =>
    errors.value.field === name &&
    errors.value.text &&
    html`<span class="refusal" role="alert" data-testid=${`${testid}-${name}-error`}
      >${errors.value.text}</span
    >`;
  return html`<form class=${`entity-form ${layout ?? ""}`} data-testid=${testid} onSubmit=${save}>
    ${title && html`<h4>${title}</h4>`}
    ${shown.map(
      ([name, label, kind, options]) =>
        html`<${Field}
          key=${name}
          name=${name}
          label=${label}
          kind=${kind}
          options=${options}
          value=${getIn(draft.value, name)}
          set=${(v) => (draft.value = setIn(draft.value, name, v))}
          testid=${testid}
          error=${errorFor(name)}
          draft=${draft.value}
          merge=${(fields) => (draft.value = { ...draft.value, ...fields })}
        />`,
    )}
    ${errors.value.text && errors.value.field === "" && html`<p class="refusal" role="alert" data-testid=${`${testid}-error`}>${errors.value.text}</p>`}
    <div class="actions">
      <button type="submit" data-testid=${`${testid}-save`} disabled=${!canAct.value || busy.value}>
        Save
      </button>
      ${onClose && html`<button type="button" data-testid=${`${testid}-cancel`} onClick=${onClose}>Cancel</button>`}
    </div>
  </form>`;
};

/**
 * A searchable list of one entity with an edit form per row and a form for a new one. `editor`
 * replaces the row's form when one entity needs more than one (a door and its door policy);
 * `tools` adds to the toolbar (a filter); `search(q)` finds the rows for a lowercase query where
 * a scan of `matches` per key is too slow. Removal asks first and goes through `config.remove`.
 */
export const EntityList = ({
  entity,
  label,
  list,
  matches,
  describe,
  fields,
  blank,
  form = {},
  editor,
  tools,
  canCreate = true,
  search,
}) => {
  const typed = useSignal("");
  const query = useSignal("");
  const pause = useRef();
  const editing = useSignal(null);
  const shown = computed(() => {
    const q = query.value.trim().toLowerCase();
    const found =
      q === "" ? list : search ? search(q) : list.filter((x) => matches(x).toLowerCase().includes(q));
    return { total: found.length, rows: found.slice(0, SHOWN) };
  });
  const type = (text) => {
    typed.value = text;
    clearTimeout(pause.current);
    if (list.length < LARGE) query.value = text;
    else pause.current = setTimeout(() => (query.value = text), SEARCH_PAUSE_MS);
  };
  const close = () => (editing.value = null);
  const withId =
    typeof fields === "function"
      ? (d) => [["id", "Id", "text"], ...fields(d)]
      : [["id", "Id", "text"], ...fields];
  return html`<section aria-label=${label}>
    <div class="toolbar">
      <input
        type="search"
        placeholder=${`Search ${label.toLowerCase()}`}
        data-testid=${`${entity}-search`}
        value=${typed.value}
        onInput=${(e) => type(e.currentTarget.value)}
      />
      ${tools}
      <span class="quiet" data-testid=${`${entity}-found`}
        >${shown.value.total} found${shown.value.total > SHOWN ? `, first ${SHOWN} shown` : ""}</span
      >
      ${
        canCreate &&
        html`<button
          type="button"
          data-testid=${`${entity}-new`}
          disabled=${!canAct.value}
          onClick=${() => (editing.value = "")}
        >
          New
        </button>`
      }
    </div>
    ${editing.value === "" && html`<${EntityForm} entity=${entity} value=${blank} fields=${withId} testid=${`${entity}-form`} onClose=${close} ...${form} />`}
    <ul class="rows" data-testid=${`${entity}-list`}>
      ${shown.value.rows.map(
        (x) =>
          html`<li key=${x.id} data-testid=${`${entity}-${x.id}`}>
            <div class="row-head">
              <span>${describe(x)}</span>
              <button
                type="button"
                data-testid=${`${entity}-${x.id}-edit`}
                disabled=${!canAct.value}
                onClick=${() => (editing.value = editing.value === x.id ? null : x.id)}
              >
                Edit
              </button>
              <${CommandButton}
                label="Remove"
                danger=${true}
                testid=${`${entity}-${x.id}-remove`}
                confirm=${`Remove ${matches(x)}?`}
                body=${() => ({ type: "config.remove", entity, id: x.id })}
              />
            </div>
            ${
              editing.value === x.id &&
              (editor
                ? editor(x, close)
                : html`<${EntityForm}
                    entity=${entity}
                    value=${x}
                    fields=${fields}
                    testid=${`${entity}-form`}
                    onClose=${close}
                    ...${form}
                  />`)
            }
          </li>`,
      )}
    </ul>
  </section>`;
};

/** Options of a site list by id and name, for `choice` and `ids` fields. */
export const optionsOf = (list) => (list ?? []).map((x) => [x.id, x.name || x.id]);
