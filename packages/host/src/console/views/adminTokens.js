// Tokens and users (`token.list`, `token.create`, `token.revoke`): who may connect, with which role.
// A new token's secret is shown once, when it is issued; the host keeps only its MAC.
import { useSignal, useSignalEffect } from "@preact/signals";
import { command, online } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { CommandButton } from "../ui.js";
import { EntityForm } from "./adminEntities.js";

const ROLES = [
  ["viewer", "Viewer (reads)"],
  ["operator", "Operator (manual actions, alarms)"],
  ["admin", "Admin (configuration, people, tokens)"],
];

/** The `token.create` command of the issue form; the expiry as epoch ms, as the command takes it. */
const issueOf = ({ role, user, name, expiresAt }) => ({
  type: "token.create",
  role,
  ...(user && { user }),
  ...(name && { name }),
  ...(expiresAt && { expiresAt: Date.parse(expiresAt) }),
});

export const Tokens = () => {
  const tokens = useSignal([]);
  const error = useSignal("");
  const issued = useSignal(null);
  const issuing = useSignal(false);
  const load = async () => {
    const result = await command({ type: "token.list" });
    if (result.ok) tokens.value = result.value;
    else error.value = result.error.message;
  };
  useSignalEffect(() => {
    if (online.value) load();
  });
  const n = names.value;
  const live = tokens.value.filter((t) => t.revokedAt === undefined);
  return html`<section aria-label="tokens and users">
    <div class="toolbar">
      <span class="quiet" data-testid="token-found">${live.length} live tokens</span>
      <button
        type="button"
        data-testid="token-new"
        onClick=${() => ((issuing.value = true), (issued.value = null))}
      >
        Issue a token
      </button>
    </div>
    ${
      issuing.value &&
      html`<${EntityForm}
        value=${{ role: "operator" }}
        testid="token-form"
        fields=${[
          ["user", "User (who acts, as the journal names them)", "text"],
          ["name", "Label", "text"],
          ["role", "Role", "choice", ROLES],
          ["expiresAt", "Expires", "time"],
        ]}
        body=${issueOf}
        onSaved=${(token) => {
          issued.value = token;
          load();
        }}
        onClose=${() => (issuing.value = false)}
      />`
    }
    ${
      issued.value &&
      html`<p class="issued" role="status" data-testid="token-issued">
        Token for ${issued.value.user} (${issued.value.role}):
        <code data-testid="token-secret">${issued.value.secret}</code> — copy it now; it is not shown again.
      </p>`
    }
    ${error.value && html`<p class="refusal" role="alert">${error.value}</p>`}
    <ul class="rows" data-testid="token-list">
      ${live.map(
        (t) =>
          html`<li key=${t.id} data-testid=${`token-${t.id}`}>
            <div class="row-head">
              <span
                ><strong>${t.user}</strong> ${t.name && t.name !== t.user ? `${t.name} ` : ""}<span
                  class="quiet"
                  >${[
                    t.role,
                    `issued ${n.time(t.createdAt)}`,
                    t.expiresAt && `expires ${n.time(t.expiresAt)}`,
                  ]
                    .filter(Boolean)
                    .join(" · ")}</span
                ></span
              >
              <${CommandButton}
                label="Revoke"
                danger=${true}
                testid=${`token-${t.id}-revoke`}
                confirm=${`Revoke ${t.user}'s ${t.role} token? Its connections end at once.`}
                body=${() => ({ type: "token.revoke", id: t.id })}
                onDone=${load}
              />
            </div>
          </li>`,
      )}
    </ul>
  </section>`;
};
