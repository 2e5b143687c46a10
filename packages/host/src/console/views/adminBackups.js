// Backups (seed "Backup and restore"): the backups the host keeps, the nightly one's time, a backup
// on demand, and how to restore — which is done on the host, never from the console.
import { useSignal, useSignalEffect } from "@preact/signals";
import { command, online } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { CommandButton } from "../ui.js";

const size = (bytes) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const Nightly = ({ nightly }) => {
  const n = names.value;
  return nightly === null
    ? html`<p data-testid="backup-nightly">
        The nightly backup is off. Start the host with <code>--backup-at HH:MM</code> to turn it on.
      </p>`
    : html`<p data-testid="backup-nightly">
        ${`Every night at ${nightly.at} (${n.timeZone})`}${nightly.nextRunAt === undefined ? "" : `; the next one ${n.time(nightly.nextRunAt)}`}.
        <span class="quiet">The three latest backups are kept.</span>
      </p>`;
};

/** The administration page "Backups". */
export const Backups = () => {
  const listed = useSignal(null);
  const error = useSignal("");
  const written = useSignal("");
  const refresh = async () => {
    const result = await command({ type: "backup.list" });
    if (result.ok) listed.value = result.value;
    else error.value = result.error.message;
  };
  useSignalEffect(() => {
    if (online.value) refresh();
  });
  const n = names.value;
  return html`<section aria-label="backups" class="settings">
    <h3>Backups</h3>
    ${listed.value && html`<${Nightly} nightly=${listed.value.nightly} />`}
    ${error.value && html`<p class="refusal" role="alert">${error.value}</p>`}
    <${CommandButton}
      label="Back up now"
      testid="backup-now"
      body=${() => ({ type: "backup.now" })}
      onDone=${(value) => {
        written.value = `${value.file} written (${size(value.bytes)}).`;
        refresh();
      }}
    />
    ${written.value && html`<p class="quiet" data-testid="backup-written">${written.value}</p>`}
    <table data-testid="backup-list">
      <thead>
        <tr>
          <th>Taken (${n.timeZone})</th>
          <th>File in DATA/backups/</th>
          <th>Size</th>
        </tr>
      </thead>
      <tbody>
        ${(listed.value?.backups ?? []).map(
          (b) =>
            html`<tr key=${b.file} data-testid=${`backup-${b.file}`}>
              <td>${n.time(b.at)}</td>
              <td><code>${b.file}</code></td>
              <td>${size(b.bytes)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${listed.value?.backups.length === 0 && html`<p class="quiet">No backup yet.</p>`}
    <h3>Restore</h3>
    <p data-testid="backup-restore">
      A restore replaces the whole database, so it is done on the host, not from the console: stop the host,
      drop one backup file in <code>DATA/restore/</code> and start it again — or run${" "}
      <code>portcullis restore FILE --data DIR</code> while the host is stopped. A damaged or foreign file is
      refused and changes nothing. The site main key and the API tokens are not in a backup: keep the main key
      separately.
    </p>
  </section>`;
};
