// Small shared pieces: a command button that shows its refusal inline and can ask for confirmation,
// site-time inputs, and saving a text as a downloaded file.
import { useSignal } from "@preact/signals";
import { canAct, command } from "./client.js";
import { html } from "./html.js";

/**
 * A button running one command. A refusal is shown beside it (never `alert()`), or handed to
 * `onRefused` when the page shows it itself; with `confirm`, a first press asks, and only the
 * confirming press sends the command. `run` replaces sending `body()` when a command goes its own
 * way (an import upload); it resolves with the result as `command` does.
 */
export const CommandButton = ({ label, body, run: send, confirm, testid, onDone, onRefused, danger }) => {
  const busy = useSignal(false);
  const error = useSignal("");
  const asking = useSignal(false);
  const run = async () => {
    asking.value = false;
    busy.value = true;
    error.value = "";
    const result = await (send ? send() : command(body()));
    busy.value = false;
    if (result.ok) onDone?.(result.value);
    else if (onRefused) onRefused(result.error);
    else error.value = result.error.message;
  };
  const disabled = !canAct.value || busy.value;
  return html`<span class="command">
    ${
      asking.value
        ? html`<span class="confirm" role="group" aria-label="confirm">
            ${confirm}
            <button
              type="button"
              class="danger"
              data-testid=${`${testid}-confirm`}
              disabled=${disabled}
              onClick=${run}
            >
              ${label}
            </button>
            <button type="button" data-testid=${`${testid}-cancel`} onClick=${() => (asking.value = false)}>
              Cancel
            </button>
          </span>`
        : html`<button
            type="button"
            class=${danger ? "danger" : ""}
            data-testid=${testid}
            disabled=${disabled}
            onClick=${() => (confirm ? (asking.value = true) : run())}
          >
            ${label}
          </button>`
    }
    ${error.value && html`<span class="refusal" role="alert" data-testid=${`${testid}-error`}>${error.value}</span>`}
  </span>`;
};

/** The offset of `timeZone` from UTC at `epoch`, in ms. */
const offsetAt = (epoch, timeZone) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
      .formatToParts(new Date(epoch))
      .map((p) => [p.type, Number(p.value)]),
  );
  return (
    Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) -
    epoch +
    (epoch % 1000)
  );
};

/** A `datetime-local` value read as wall time in the site's zone, as epoch ms; `undefined` when empty. */
export const siteTime = (value, timeZone) => {
  if (!value) return undefined;
  const wall = Date.parse(`${value}Z`);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
};

/** An instant (ISO or epoch ms) as a `datetime-local` value in the site's zone; `""` when absent. */
export const wallTime = (at, timeZone) => {
  if (at === undefined || at === null || at === "") return "";
  const epoch = typeof at === "number" ? at : Date.parse(at);
  return new Date(epoch + offsetAt(epoch, timeZone)).toISOString().slice(0, 16);
};

/** Hands `text` to the browser as a downloaded file named `name`. */
export const saveFile = (name, text, type = "text/csv") => {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
};
