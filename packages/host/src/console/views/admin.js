// Administration on the existing `config.*` commands: cardholders (search as you type), groups and
// access rules. Every save goes through the host, which validates it; a refusal names its field, and
// the form shows it beside that field.
import { computed, useSignal } from "@preact/signals";
import { canAct, command, role, site } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { CommandButton } from "../ui.js";

/** Most rows a search shows: typing narrows it. */
const SHOWN = 50;

/** The field a host refusal names ("policy.cardholders[3].firstName: …" → "firstName"), and its text. */
export const fieldOf = (message) => {
  const colon = message.indexOf(": ");
  if (colon < 0) return { field: "", text: message };
  const path = message.slice(0, colon);
  return {
    field: path
      .split(".")
      .at(-1)
      .replace(/\[\d+\]$/, ""),
    text: message.slice(colon + 2),
  };
};

/**
 * An edit form over one entity: `fields` are `[name, label, kind]` (`text` | `flag` | `ids` with
 * `options`), `value` the entity as stored. Saving sends `config.put`; a refusal lands on its field.
 */
const EntityForm = ({ entity, value, fields, onClose, testid }) => {
  const draft = useSignal({ ...value });
  const errors = useSignal({ field: "", text: "" });
  const busy = useSignal(false);
  const set = (name, v) => (draft.value = { ...draft.value, [name]: v });
  const save = async (e) => {
    e.preventDefault();
    busy.value = true;
    const result = await command({ type: "config.put", entity, value: draft.value });
    busy.value = false;
    if (result.ok) {
      errors.value = { field: "", text: "" };
      onClose();
    } else
      errors.value =
        result.error.code === "ConfigError"
          ? fieldOf(result.error.message)
          : { field: "", text: result.error.message };
  };
  const errorFor = (name) =>
    errors.value.field === name &&
    html`<span class="refusal" role="alert" data-testid=${`${testid}-${name}-error`}
      >${errors.value.text}</span
    >`;
  const known = new Set(fields.map(([name]) => name));
  return html`<form class="entity-form" data-testid=${testid} onSubmit=${save}>
    ${fields.map(([name, label, kind, options]) =>
      kind === "flag"
        ? html`<label class="flag"
            ><input
              type="checkbox"
              data-testid=${`${testid}-${name}`}
              checked=${draft.value[name] === true}
              onChange=${(e) => set(name, e.currentTarget.checked)}
            />
            ${label} ${errorFor(name)}</label
          >`
        : kind === "ids"
          ? html`<fieldset>
              <legend>${label} ${errorFor(name)}</legend>
              <div class="checks">
                ${options.map(
                  ([id, text]) =>
                    html`<label
                      ><input
                        type="checkbox"
                        data-testid=${`${testid}-${name}-${id}`}
                        checked=${(draft.value[name] ?? []).includes(id)}
                        onChange=${(e) =>
                          set(
                            name,
                            e.currentTarget.checked
                              ? [...(draft.value[name] ?? []), id]
                              : (draft.value[name] ?? []).filter((x) => x !== id),
                          )}
                      />
                      ${text}</label
                    >`,
                )}
              </div>
            </fieldset>`
          : html`<label
              >${label}
              <input
                data-testid=${`${testid}-${name}`}
                value=${draft.value[name] ?? ""}
                onInput=${(e) => set(name, e.currentTarget.value)}
              />
              ${errorFor(name)}</label
            >`,
    )}
    ${errors.value.text && !known.has(errors.value.field) && html`<p class="refusal" role="alert" data-testid=${`${testid}-error`}>${errors.value.text}</p>`}
    <div class="actions">
      <button type="submit" data-testid=${`${testid}-save`} disabled=${!canAct.value || busy.value}>
        Save
      </button>
      <button type="button" data-testid=${`${testid}-cancel`} onClick=${onClose}>Cancel</button>
    </div>
  </form>`;
};

/** A searchable list of one entity with an edit form per row and a form for a new one. */
const EntityList = ({ entity, label, list, matches, describe, fields, blank }) => {
  const query = useSignal("");
  const editing = useSignal(null);
  const shown = computed(() => {
    const q = query.value.trim().toLowerCase();
    const found = q === "" ? list : list.filter((x) => matches(x).toLowerCase().includes(q));
    return { total: found.length, rows: found.slice(0, SHOWN) };
  });
  return html`<section aria-label=${label}>
    <div class="toolbar">
      <input
        type="search"
        placeholder=${`Search ${label.toLowerCase()}`}
        data-testid=${`${entity}-search`}
        value=${query.value}
        onInput=${(e) => (query.value = e.currentTarget.value)}
      />
      <span class="quiet" data-testid=${`${entity}-found`}
        >${shown.value.total} found${shown.value.total > SHOWN ? `, first ${SHOWN} shown` : ""}</span
      >
      <button
        type="button"
        data-testid=${`${entity}-new`}
        disabled=${!canAct.value}
        onClick=${() => (editing.value = "")}
      >
        New
      </button>
    </div>
    ${editing.value === "" && html`<${EntityForm} entity=${entity} value=${blank} fields=${[["id", "Id", "text"], ...fields]} testid=${`${entity}-form`} onClose=${() => (editing.value = null)} />`}
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
                onClick=${() => (editing.value = x.id)}
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
            ${editing.value === x.id && html`<${EntityForm} entity=${entity} value=${x} fields=${fields} testid=${`${entity}-form`} onClose=${() => (editing.value = null)} />`}
          </li>`,
      )}
    </ul>
  </section>`;
};

const fullName = (c) => `${c.firstName} ${c.lastName}`;

const Cardholders = () => {
  const policy = site.value?.policy ?? {};
  const groupsOf = new Map();
  for (const g of policy.groups ?? [])
    for (const m of g.members ?? []) groupsOf.set(m, [...(groupsOf.get(m) ?? []), g.name]);
  return html`<${EntityList}
    entity="cardholder"
    label="Cardholders"
    list=${policy.cardholders ?? []}
    matches=${(c) => `${fullName(c)} ${c.email ?? ""}`}
    describe=${(c) =>
      html`<strong>${fullName(c)}</strong>
        <span class="quiet"
          >${[c.email, ...(groupsOf.get(c.id) ?? []), c.suspended ? "suspended" : ""].filter(Boolean).join(" · ")}</span
        >`}
    blank=${{ id: "", firstName: "", lastName: "" }}
    fields=${[
      ["firstName", "First name", "text"],
      ["lastName", "Last name", "text"],
      ["email", "Email", "text"],
      ["suspended", "Suspended", "flag"],
      ["exemptFromLockdown", "Exempt from lockdown", "flag"],
      ["exemptFromAntiPassback", "Exempt from anti-passback", "flag"],
      ["longAccess", "Long access time", "flag"],
    ]}
  />`;
};

const Groups = () => {
  const policy = site.value?.policy ?? {};
  const n = names.value;
  return html`<${EntityList}
    entity="group"
    label="Groups"
    list=${policy.groups ?? []}
    matches=${(g) => g.name}
    describe=${(g) => html`<strong>${g.name}</strong> <span class="quiet">${(g.members ?? []).length} members</span>`}
    blank=${{ id: "", name: "", members: [] }}
    fields=${[
      ["name", "Name", "text"],
      ["initials", "Initials", "text"],
      [
        "members",
        "Members",
        "ids",
        (policy.cardholders ?? []).slice(0, 500).map((c) => [c.id, n.person(c.id)]),
      ],
    ]}
  />`;
};

/** What a rule lacks to grant anything: who, where or when. */
const missing = (r) =>
  [
    (r.cardholders ?? []).length + (r.groups ?? []).length === 0 && "who",
    (r.doors ?? []).length + (r.zones ?? []).length === 0 && "where",
    (r.schedules ?? []).length === 0 && "when",
  ].filter(Boolean);

const Rules = () => {
  const file = site.value ?? {};
  const policy = file.policy ?? {};
  const n = names.value;
  const groupName = new Map((policy.groups ?? []).map((g) => [g.id, g.name]));
  const scheduleName = new Map((file.schedules ?? []).map((s) => [s.id, s.name]));
  return html`<${EntityList}
    entity="rule"
    label="Access rules"
    list=${policy.rules ?? []}
    matches=${(r) => r.name}
    describe=${(r) => {
      const lacks = missing(r);
      const who = [
        ...(r.groups ?? []).map((g) => groupName.get(g) ?? g),
        ...(r.cardholders ?? []).map(n.person),
      ];
      const where = [...(r.doors ?? []).map(n.door), ...(r.zones ?? []).map(n.zone)];
      const when = (r.schedules ?? []).map((s) => scheduleName.get(s) ?? s);
      return html`<strong>${r.name}</strong>
        <span class="quiet">
          ${` ${who.join(", ") || "nobody"} → ${where.join(", ") || "nowhere"} · ${when.join(", ") || "never"} `}
        </span>
        ${lacks.length > 0 && html`<span class="refusal" data-testid=${`rule-${r.id}-incomplete`}>${`incomplete: no ${lacks.join(", no ")}`}</span>`}`;
    }}
    blank=${{ id: "", name: "", groups: [], doors: [], zones: [], schedules: [] }}
    fields=${[
      ["name", "Name", "text"],
      ["groups", "Groups", "ids", (policy.groups ?? []).map((g) => [g.id, g.name])],
      ["doors", "Doors", "ids", n.doorList.map((d) => [d.id, d.name])],
      ["zones", "Zones", "ids", [...n.zones.values()].map((z) => [z.id, z.name])],
      ["schedules", "Schedules", "ids", (file.schedules ?? []).map((s) => [s.id, s.name])],
    ]}
  />`;
};

const PAGES = {
  cardholders: ["Cardholders", Cardholders],
  groups: ["Groups", Groups],
  rules: ["Access rules", Rules],
};

export const Admin = () => {
  const page = useSignal("cardholders");
  if (role.value !== "admin") return html`<p class="quiet">Administration needs an admin token.</p>`;
  const [, Page] = PAGES[page.value];
  return html`<section aria-label="administration">
    <nav class="subnav">
      ${Object.entries(PAGES).map(
        ([key, [label]]) =>
          html`<button
            type="button"
            class=${page.value === key ? "current" : ""}
            data-testid=${`admin-${key}`}
            onClick=${() => (page.value = key)}
          >
            ${label}
          </button>`,
      )}
    </nav>
    <${Page} key=${page.value} />
  </section>`;
};
