// Doors (seed "Add a door", "Door settings", "Door security level"): a door's own settings (name,
// timing, unlock schedule, monitor and REX) and its door policy (identification profile per side,
// double-swipe, two-person rule), each saved through the host as its own entity, and its readers'
// own PIN lengths (adminReaders.js).
import { site } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { EntityForm, EntityList, optionsOf } from "./adminEntities.js";
import { ReaderSettings } from "./adminReaders.js";

const RELOCK = [
  ["after-opening", "After opening"],
  ["after-closing", "After closing"],
];
const CIRCUIT = [
  ["circuit-open", "Circuit open"],
  ["circuit-closed", "Circuit closed"],
];
const REX_ACTION = [
  ["unlock", "Unlocks the door"],
  ["none", "Only reports"],
];
const SIDES = [
  ["A", "Side A"],
  ["B", "Side B"],
];

/** A door's own fields, by its type and what it has wired. */
const doorFields = (schedules, controllers) => (d) =>
  d.type === "monitoring"
    ? [
        ["name", "Name", "text"],
        ["sensor.openWhen", "Door open if", "choice", CIRCUIT],
        ["sensor.debounceMs", "Sensor debounce (ms)", "number"],
      ]
    : [
        ["name", "Name", "text"],
        ["controllerId", "Controller", "choice", controllers],
        ["primaryLock", "Primary lock relay", "text"],
        ["secondaryLock", "Secondary lock relay", "text"],
        ["timing.accessTimeS", "Access time (s)", "number"],
        ["timing.openTooLongS", "Open too long after (s)", "number"],
        ["timing.longAccessTimeS", "Long access time (s)", "number"],
        ["timing.longOpenTooLongS", "Long open too long after (s)", "number"],
        ["timing.relockDelayMs", "Relock delay (ms)", "number"],
        ["timing.relock", "Relock", "choice", RELOCK],
        ["unlockSchedule", "Unlocked during", "choice", [["", "No unlock schedule"], ...schedules]],
        d.doorMonitor && ["doorMonitor.openWhen", "Door open if", "choice", CIRCUIT],
        d.doorMonitor && ["doorMonitor.debounceMs", "Door monitor debounce (ms)", "number"],
        d.sides?.A?.rex && ["sides.A.rex.action", "REX on side A", "choice", REX_ACTION],
        d.sides?.B?.rex && ["sides.B.rex.action", "REX on side B", "choice", REX_ACTION],
      ];

/** A door policy as the form edits it: one profile per side, security levels as plain fields. */
const policyDraft = (doorId, stored) => {
  const profile = stored?.profileId ?? "card";
  return {
    doorId,
    profileA: typeof profile === "string" ? profile : profile.A,
    profileB: typeof profile === "string" ? profile : profile.B,
    ...(stored?.doubleSwipe && { doubleSwipe: stored.doubleSwipe }),
    ...(stored?.twoPerson && { twoPerson: stored.twoPerson }),
  };
};

/** The door policy to store: one profile id when both sides share it; a security level only when set. */
const doorPolicyOf = ({ doorId, profileA, profileB, doubleSwipe, twoPerson }) => ({
  doorId,
  profileId: profileA === profileB ? profileA : { A: profileA, B: profileB },
  ...(doubleSwipe?.timeoutS !== undefined && { doubleSwipe }),
  ...(twoPerson?.timeoutS !== undefined && { twoPerson: { sides: [], schedules: [], ...twoPerson } }),
});

/** The host names `profileId` or `profileId.B`; the form has a field per side. */
const locatePolicy = (field) =>
  field === "profileId.B" ? "profileB" : field.startsWith("profileId") ? "profileA" : field;

const policyFields = (profiles, schedules) => [
  ["profileA", "Identification on side A", "choice", profiles],
  ["profileB", "Identification on side B", "choice", profiles],
  ["doubleSwipe.timeoutS", "Double-swipe within (s; empty: off)", "number"],
  ["twoPerson.timeoutS", "Two-person rule: second person within (s; empty: off)", "number"],
  ["twoPerson.sides", "Two-person rule on", "ids", SIDES],
  ["twoPerson.schedules", "Two-person rule during (none: always)", "ids", schedules],
];

export const Doors = () => {
  const file = site.value ?? {};
  const policy = file.policy ?? {};
  const n = names.value;
  const schedules = optionsOf(file.schedules);
  const profiles = optionsOf(policy.profiles);
  const policies = new Map((policy.doorPolicies ?? []).map((p) => [p.doorId, p]));
  const profileName = new Map(profiles);
  const scheduleName = new Map(schedules);
  const fields = doorFields(schedules, optionsOf(file.controllers));
  const describe = (d) => {
    const p = policyDraft(d.id, policies.get(d.id));
    const identification =
      p.profileA === p.profileB
        ? profileName.get(p.profileA)
        : `A: ${profileName.get(p.profileA)}, B: ${profileName.get(p.profileB)}`;
    return html`<strong>${d.name}</strong>
      <span class="quiet"
        >${[
          n.controller(d.controllerId),
          d.type === "monitoring" ? "monitoring door" : identification,
          d.unlockSchedule && `unlocked during ${scheduleName.get(d.unlockSchedule) ?? d.unlockSchedule}`,
        ]
          .filter(Boolean)
          .join(" · ")}</span
      >`;
  };
  const editor = (d, close) =>
    html`<${EntityForm}
        entity="door"
        title="Door"
        value=${d}
        fields=${fields}
        testid="door-form"
        onClose=${close}
      />
      ${
        d.type !== "monitoring" &&
        html`<${EntityForm}
            value=${policyDraft(d.id, policies.get(d.id))}
            fields=${policyFields(profiles, schedules)}
            testid="doorpolicy-form"
            body=${(draft) => ({ type: "config.put", entity: "doorPolicy", value: doorPolicyOf(draft) })}
            locate=${locatePolicy}
            onClose=${close}
          />
          <${ReaderSettings} door=${d} onClose=${close} />`
      }`;
  return html`<${EntityList}
    entity="door"
    label="Doors"
    list=${file.doors ?? []}
    matches=${(d) => d.name}
    describe=${describe}
    blank=${{ id: "", name: "", controllerId: file.controllers?.[0]?.id ?? "", primaryLock: "" }}
    fields=${fields}
    editor=${editor}
  />`;
};
