// Mustering: start a muster over zones with muster-point readers, watch who is safe and who is
// missing, mark people safe by hand; and the roll call of who is in each zone now.
import { useSignal, useSignalEffect } from "@preact/signals";
import { command, events, online } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { CommandButton } from "../ui.js";

const Checks = ({ items, chosen, testid }) =>
  html`<div class="checks">
    ${items.map(
      ([id, label]) =>
        html`<label
          ><input
            type="checkbox"
            data-testid=${`${testid}-${id}`}
            checked=${chosen.value.includes(id)}
            onChange=${(e) =>
              (chosen.value = e.currentTarget.checked
                ? [...chosen.value, id]
                : chosen.value.filter((x) => x !== id))}
          />
          ${label}</label
        >`,
    )}
  </div>`;

const StartMuster = ({ onStarted }) => {
  const n = names.value;
  const id = useSignal("evacuation");
  const zones = useSignal([]);
  const readers = useSignal([]);
  return html`<form class="muster-start" onSubmit=${(e) => e.preventDefault()}>
    <h3>Start a muster</h3>
    <label
      >Name
      <input data-testid="muster-id" value=${id.value} onInput=${(e) => (id.value = e.currentTarget.value)}
    /></label>
    <fieldset>
      <legend>Zones to clear</legend>
      <${Checks}
        items=${[...n.zones.values()].map((z) => [z.id, z.name])}
        chosen=${zones}
        testid="muster-zone"
      />
    </fieldset>
    <fieldset>
      <legend>Muster-point readers</legend>
      <${Checks}
        items=${[...n.readers.keys()].map((r) => [r, n.reader(r)])}
        chosen=${readers}
        testid="muster-reader"
      />
    </fieldset>
    <${CommandButton}
      label="Start muster"
      testid="muster-start"
      body=${() => ({ type: "muster.start", musterId: id.value, zoneIds: zones.value, readerIds: readers.value })}
      onDone=${onStarted}
    />
  </form>`;
};

const MusterBoard = ({ muster, refresh }) => {
  const n = names.value;
  return html`<article class="muster" data-testid=${`muster-${muster.id}`}>
    <h3>
      ${muster.id} <span class="quiet">started ${n.time(muster.startedAt)} by ${muster.startedBy}</span>
    </h3>
    <p>
      <strong data-testid=${`muster-${muster.id}-missing-count`}>${muster.missing.length}</strong>
      ${" missing · "}
      <strong data-testid=${`muster-${muster.id}-safe-count`}>${muster.safe.length}</strong> safe
    </p>
    <div class="columns">
      <div>
        <h4>Missing</h4>
        <ul class="people">
          ${muster.missing.map(
            (p) =>
              html`<li class="missing">
                ${p.name} <span class="quiet">${n.zone(p.zoneId)}</span>
                <${CommandButton}
                  label="Mark safe"
                  testid=${`muster-${muster.id}-safe-${p.cardholderId}`}
                  body=${() => ({ type: "muster.markSafe", musterId: muster.id, cardholderId: p.cardholderId })}
                  onDone=${refresh}
                />
              </li>`,
          )}
        </ul>
      </div>
      <div>
        <h4>Safe</h4>
        <ul class="people">
          ${muster.safe.map((p) => html`<li class="safe">${p.name} <span class="quiet">${n.time(p.safeAt)}, ${p.by}</span></li>`)}
        </ul>
      </div>
    </div>
    <${CommandButton}
      label="End muster"
      testid=${`muster-${muster.id}-reset`}
      confirm="End this muster and discard its list?"
      body=${() => ({ type: "muster.reset", musterId: muster.id })}
      onDone=${refresh}
    />
  </article>`;
};

const RollCall = () => {
  const result = useSignal(null);
  const error = useSignal("");
  const run = async () => {
    const r = await command({ type: "report.rollCall", presentOnly: true });
    if (r.ok) result.value = r.value;
    else error.value = r.error.message;
  };
  const n = names.value;
  return html`<section class="rollcall">
    <h3>
      Roll call
      <button type="button" data-testid="rollcall-run" disabled=${!online.value} onClick=${run}>
        Take roll call
      </button>
    </h3>
    ${error.value && html`<p class="refusal" role="alert">${error.value}</p>`}
    ${
      result.value &&
      html`<p class="quiet">
          ${`At ${n.time(result.value.at)}`}${result.value.complete ? "" : " (incomplete: the journal does not reach back far enough)"}
        </p>
        ${result.value.zones.map(
          (z) =>
            html`<div data-testid=${`rollcall-${z.zoneId}`}>
              <h4>${z.name}: ${z.present.length} present</h4>
              <ul class="people">
                ${z.present.map((p) => html`<li>${p.name}</li>`)}
              </ul>
            </div>`,
        )}`
    }
  </section>`;
};

export const Muster = () => {
  const musters = useSignal([]);
  const seen = useSignal(-1);
  const refresh = () =>
    command({ type: "muster.status" }).then((r) => {
      if (r.ok) musters.value = r.value;
    });
  useSignalEffect(() => {
    // Swipes at muster points arrive as events: read the board again when access events came in.
    const list = events.value;
    const since = seen.peek();
    seen.value = list.at(-1)?.seq ?? 0;
    const swiped = since === -1 || list.some((e) => e.seq > since && e.type.startsWith("Access"));
    if (online.value && swiped) refresh();
  });
  return html`<section aria-label="mustering">
    ${musters.value.map((m) => html`<${MusterBoard} key=${m.id} muster=${m} refresh=${refresh} />`)}
    <${StartMuster} onStarted=${refresh} />
    <${RollCall} />
  </section>`;
};
