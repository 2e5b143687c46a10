// Alarms first: the host's open alarms, most urgent first (duress set apart), each acknowledged with a
// note; recently closed ones below.
import { computed, useSignal } from "@preact/signals";
import { alarms, canAct, command } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { alarmTitle } from "../words.js";

const ORDER = { active: 0, cleared: 1, acknowledged: 2 };
const sorted = computed(() =>
  [...alarms.value.values()].sort(
    (a, b) => (ORDER[a.state] === 2) - (ORDER[b.state] === 2) || a.priority - b.priority || b.seq - a.seq,
  ),
);
/** Alarms nobody acknowledged yet. */
export const unacknowledged = computed(() => sorted.value.filter((a) => a.state !== "acknowledged"));

const Acknowledge = ({ alarm }) => {
  const note = useSignal("");
  const error = useSignal("");
  const busy = useSignal(false);
  const submit = async (e) => {
    e.preventDefault();
    busy.value = true;
    const result = await command({ type: "alarm.acknowledge", seq: alarm.seq, note: note.value });
    busy.value = false;
    error.value = result.ok ? "" : result.error.message;
  };
  return html`<form class="ack" onSubmit=${submit}>
    <input
      placeholder="Note (what was done)"
      aria-label="acknowledgement note"
      data-testid=${`alarm-${alarm.seq}-note`}
      value=${note.value}
      onInput=${(e) => (note.value = e.currentTarget.value)}
    />
    <button type="submit" data-testid=${`alarm-${alarm.seq}-ack`} disabled=${!canAct.value || busy.value}>
      Acknowledge
    </button>
    ${error.value && html`<span class="refusal" role="alert">${error.value}</span>`}
  </form>`;
};

const AlarmItem = ({ alarm }) => {
  const n = names.value;
  const stateText =
    alarm.state === "acknowledged"
      ? `Acknowledged by ${alarm.acknowledged.by} at ${n.time(alarm.acknowledged.at)}`
      : alarm.state === "cleared"
        ? `Cleared at ${n.time(alarm.clearedAt)}, not acknowledged`
        : "Active";
  return html`<li
    class=${`alarm kind-${alarm.kind} state-${alarm.state}`}
    data-testid=${`alarm-${alarm.seq}`}
    data-kind=${alarm.kind}
    data-state=${alarm.state}
  >
    <div class="alarm-head">
      ${alarm.kind === "duress" && html`<strong class="badge">DURESS</strong>`}
      <span class="alarm-title">${alarmTitle(n, alarm)}</span>
      <span class="priority" title="priority">P${alarm.priority}</span>
    </div>
    <div class="alarm-meta">
      <time>${n.time(alarm.at)}</time> · <span data-testid=${`alarm-${alarm.seq}-state`}>${stateText}</span>
    </div>
    ${alarm.acknowledged?.note && html`<blockquote data-testid=${`alarm-${alarm.seq}-ack-note`}>${alarm.acknowledged.note}</blockquote>`}
    ${alarm.state !== "acknowledged" && html`<${Acknowledge} alarm=${alarm} />`}
  </li>`;
};

/** The alarm panel: open alarms first, recently acknowledged after. */
export const Alarms = () => {
  const open = unacknowledged.value;
  const closed = sorted.value.filter((a) => a.state === "acknowledged");
  return html`<section class="alarms" aria-label="alarms">
    <h2>Alarms <span class="count" data-testid="alarm-count">${open.length}</span></h2>
    ${open.length === 0 && html`<p class="quiet">No open alarms.</p>`}
    <ul data-testid="alarms">
      ${open.map((a) => html`<${AlarmItem} key=${a.seq} alarm=${a} />`)}
    </ul>
    ${
      closed.length > 0 &&
      html`<details>
        <summary>Acknowledged (${closed.length})</summary>
        <ul data-testid="acknowledged-alarms">
          ${closed.map((a) => html`<${AlarmItem} key=${a.seq} alarm=${a} />`)}
        </ul>
      </details>`
    }
  </section>`;
};
