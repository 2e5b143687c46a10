// Sending a cardholder import to the host. Everything about how the file travels is in this one
// function, so it can move to a chunked upload without touching the page.
import { command } from "./client.js";

/** The largest WebSocket message the host accepts (its feed's `maxPayload`); a larger one closes the connection. */
export const MAX_FRAME_BYTES = 64 * 1024;

const kib = (bytes) => `${Math.ceil(bytes / 1024)} KiB`;

/**
 * Imports `csv` with `options` (`mode`, `header`, `delimiter`, `identifier`, `cardNumbers`,
 * `columns`) as one `config.import`; resolves with its result as `command` does. A file that does
 * not fit in one message is not sent (the host would drop the connection): the answer says so.
 */
export const uploadImport = (csv, options) => {
  const body = { type: "config.import", csv, ...options };
  // The whole frame counts: the command's envelope, and JSON's escapes of quotes and line ends.
  const bytes = new TextEncoder().encode(
    JSON.stringify({ type: "command", id: "0000000000", command: body }),
  ).length;
  if (bytes > MAX_FRAME_BYTES)
    return Promise.resolve({
      ok: false,
      error: {
        code: "TooLarge",
        message:
          `This file is ${kib(bytes)} as sent, and the console can send an import of at most ` +
          `${kib(MAX_FRAME_BYTES)} for now. Import it on the host with \`portcullis import FILE ` +
          "--data DIR` while the host is stopped, or split it into smaller files and import them with Update.",
      },
    });
  return command(body);
};
