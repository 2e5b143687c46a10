// Sending a cardholder import to the host: one `config.import` when the file fits in a message,
// else the file in parts (`config.importBegin`, `config.importPart` in order) imported by its upload id.
import { command } from "./client.js";

/** The largest WebSocket message the host accepts (its feed's `maxPayload`); a larger one closes the connection. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Room left for the envelope and ids of a part's message. */
const PART_BYTES = MAX_FRAME_BYTES - 1024;

// The whole frame counts: the command's envelope, and JSON's escapes of quotes and line ends.
const frameBytes = (body) =>
  new TextEncoder().encode(JSON.stringify({ type: "command", id: "0000000000", command: body })).length;

/** The next part of `csv` from `start` that fits in a message, as long as it can be. */
const nextPart = (csv, start, uploadId, index) => {
  let length = Math.min(csv.length - start, PART_BYTES);
  for (;;) {
    let end = start + length;
    // Never split a surrogate pair: each part must be valid text on its own.
    if (end < csv.length && /[\uD800-\uDBFF]/.test(csv[end - 1])) end -= 1;
    const text = csv.slice(start, end);
    if (frameBytes({ type: "config.importPart", uploadId, index, text }) <= PART_BYTES) return text;
    length = Math.floor(length / 2);
  }
};

/**
 * Imports `csv` with `options` (`mode`, `header`, `delimiter`, `identifier`, `cardNumbers`,
 * `columns`); resolves with the import's result as `command` does, or with the refusal of the
 * upload step that failed.
 */
export const uploadImport = async (csv, options) => {
  const whole = { type: "config.import", csv, ...options };
  if (frameBytes(whole) <= MAX_FRAME_BYTES) return command(whole);
  const begun = await command({ type: "config.importBegin" });
  if (!begun.ok) return begun;
  const { uploadId } = begun.value;
  for (let start = 0, index = 0; start < csv.length; index++) {
    const text = nextPart(csv, start, uploadId, index);
    const sent = await command({ type: "config.importPart", uploadId, index, text });
    if (!sent.ok) return sent;
    start += text.length;
  }
  return command({ type: "config.import", uploadId, ...options });
};
