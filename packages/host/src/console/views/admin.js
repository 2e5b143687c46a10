// Administration: the pages of the "Access management" tab, and here the cardholders (search as you
// type), groups and access rules. Every save goes through the host, which validates it; a refusal
// names its field, and the form shows it beside that field (adminEntities.js).
import { useSignal } from "@preact/signals";
import { role, site } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { Backups } from "./adminBackups.js";
import { CardFormatsAndPin } from "./adminCardFormats.js";
import { Credentials } from "./adminCredentials.js";
import { Doors } from "./adminDoors.js";
import { EntityList, optionsOf } from "./adminEntities.js";
import { Profiles } from "./adminProfiles.js";
import { Reports } from "./adminReports.js";
import { Schedules } from "./adminSchedules.js";
import { Tokens } from "./adminTokens.js";
import { Transfer } from "./adminTransfer.js";
import { Zones } from "./adminZones.js";
import { CardholderPhoto, PhotoThumb } from "./cardholderPhoto.js";

const fullName = (c) => `${c.firstName} ${c.lastName}`;
const cardholderText = (c) => `${fullName(c)} ${c.email ?? ""}`;

/** Each list's cardholders as lowercase "name email", built once per list: 100 000 are searched as you type. */
const searchTexts = new WeakMap();
const findCardholders = (list, q) => {
  let texts = searchTexts.get(list);
  if (texts === undefined) {
    texts = list.map((c) => cardholderText(c).toLowerCase());
    searchTexts.set(list, texts);
  }
  return list.filter((_, i) => texts[i].includes(q));
};

const Cardholders = () => {
  const policy = site.value?.policy ?? {};
  const cardholders = policy.cardholders ?? [];
  const groupsOf = new Map();
  for (const g of policy.groups ?? [])
    for (const m of g.members ?? []) groupsOf.set(m, [...(groupsOf.get(m) ?? []), g.name]);
  return html`<${EntityList}
    entity="cardholder"
    label="Cardholders"
    list=${cardholders}
    matches=${cardholderText}
    search=${(q) => findCardholders(cardholders, q)}
    describe=${(c) =>
      html`<${PhotoThumb} cardholder=${c} testid=${`cardholder-${c.id}-photo`} />
        <strong>${fullName(c)}</strong>
        <span class="quiet"
          >${[c.email, ...(groupsOf.get(c.id) ?? []), c.suspended ? "suspended" : ""].filter(Boolean).join(" · ")}</span
        >`}
    blank=${{ id: "", firstName: "", lastName: "" }}
    fields=${[
      ["firstName", "First name", "text"],
      ["lastName", "Last name", "text"],
      ["email", "Email", "text"],
      ["photoPath", "Photo", "custom", CardholderPhoto],
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
      ["groups", "Groups", "ids", optionsOf(policy.groups)],
      ["doors", "Doors", "ids", optionsOf(n.doorList)],
      ["zones", "Zones", "ids", optionsOf(policy.zones)],
      ["schedules", "Schedules", "ids", optionsOf(file.schedules)],
    ]}
  />`;
};

const PAGES = {
  cardholders: ["Cardholders", Cardholders],
  credentials: ["Credentials", Credentials],
  groups: ["Groups", Groups],
  rules: ["Access rules", Rules],
  doors: ["Doors", Doors],
  zones: ["Zones", Zones],
  schedules: ["Schedules", Schedules],
  profiles: ["Identification profiles", Profiles],
  formats: ["Card formats and PIN", CardFormatsAndPin],
  transfer: ["Import and export", Transfer],
  reports: ["Reports", Reports],
  backups: ["Backups", Backups],
  tokens: ["Tokens and users", Tokens],
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
