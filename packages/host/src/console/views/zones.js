// Zones: who is inside (the live roll call), the zone's manual actions, and anti-passback forgiveness.
import { useSignal, useSignalEffect } from "@preact/signals";
import { command, online, presenceTick, site } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { CommandButton } from "../ui.js";
import { ACTIONS } from "./doors.js";

const ZoneCard = ({ zone, presence }) => {
  const n = names.value;
  const present = presence?.present ?? [];
  return html`<article class="tile zone" data-testid=${`zone-${zone.id}`}>
    <h3>${zone.name}</h3>
    <p>
      <strong data-testid=${`zone-${zone.id}-count`}>${present.length}</strong>
      ${` present · ${zone.doors.length} doors`}${zone.antiPassback ? ` · ${zone.antiPassback.mode} anti-passback` : ""}
    </p>
    <div class="actions">
      ${ACTIONS.map(
        ([action, label]) =>
          html`<${CommandButton}
            label=${label}
            testid=${`zone-${zone.id}-${action}`}
            danger=${action === "lockdown"}
            confirm=${action === "lockdown" ? `Lock down every door of ${zone.name}?` : undefined}
            body=${() => ({ type: `zone.${action}`, zoneId: zone.id })}
          />`,
      )}
      ${
        zone.antiPassback &&
        html`<${CommandButton}
          label="Forgive everybody"
          testid=${`zone-${zone.id}-forgive`}
          body=${() => ({ type: "apb.forgive", zoneId: zone.id })}
        />`
      }
    </div>
    <details>
      <summary>Who is inside</summary>
      <ul class="people">
        ${present.map(
          (p) =>
            html`<li data-testid=${`zone-${zone.id}-person-${p.cardholderId}`}>
              ${p.name}${p.since !== undefined ? html` <span class="quiet">since ${n.time(p.since)}</span>` : ""}
              ${
                zone.antiPassback &&
                html`<${CommandButton}
                  label="Forgive"
                  testid=${`zone-${zone.id}-forgive-${p.cardholderId}`}
                  body=${() => ({ type: "apb.forgive", zoneId: zone.id, cardholderId: p.cardholderId })}
                />`
              }
            </li>`,
        )}
      </ul>
    </details>
  </article>`;
};

export const Zones = () => {
  const rollCall = useSignal(null);
  const error = useSignal("");
  useSignalEffect(() => {
    presenceTick.value;
    if (!online.value) return;
    command({ type: "report.rollCall", presentOnly: true }).then((r) => {
      if (r.ok) rollCall.value = new Map(r.value.zones.map((z) => [z.zoneId, z]));
      else error.value = r.error.message;
    });
  });
  const zones = site.value?.policy?.zones ?? [];
  return html`<section aria-label="zones">
    ${error.value && html`<p class="refusal" role="alert">${error.value}</p>`}
    <div class="tiles">
      ${zones.map((z) => html`<${ZoneCard} key=${z.id} zone=${z} presence=${rollCall.value?.get(z.id)} />`)}
    </div>
  </section>`;
};
