/** `portcullis osdp decode [--scbk HEX] (HEX… | --file CAPTURE)`: one JSON object per frame (DESIGN §8). */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { decodeTrace, fromHex, nodeCrypto, parseCapture, type TraceInput } from "@portcullis/protocols";
import { type CliCommand, usageError } from "./command";

const SCBK_BYTES = 16;

/**
 * Decodes frames given as hex arguments or read from a capture (osdpcap JSON lines or hex lines), following Secure
 * Channel sessions with SCBK-D, `--scbk` and keys learned from KEYSET. A bad frame prints `{ok: false, error}` and
 * does not change the exit code; bad arguments or an unreadable file do.
 */
export const osdpDecode: CliCommand = {
  words: ["osdp", "decode"],
  usage: "portcullis osdp decode [--scbk HEX] (HEX… | --file CAPTURE)",
  run: (args, io) => {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        options: { scbk: { type: "string" }, file: { type: "string" } },
        allowPositionals: true,
      });
    } catch (error) {
      return usageError(io, osdpDecode, (error as Error).message);
    }
    const { values, positionals } = parsed;
    if ((values.file === undefined) === (positionals.length === 0))
      return usageError(io, osdpDecode, "give either HEX frames or --file CAPTURE");
    const scbk = values.scbk === undefined ? undefined : fromHex(values.scbk);
    if (scbk !== undefined && scbk.length !== SCBK_BYTES)
      return usageError(io, osdpDecode, `--scbk must be ${SCBK_BYTES} bytes of hex`);
    if (values.scbk !== undefined && scbk === undefined)
      return usageError(io, osdpDecode, "--scbk is not hex");
    let inputs: ReadonlyArray<TraceInput> = positionals;
    if (values.file !== undefined) {
      try {
        inputs = parseCapture(readFileSync(values.file, "utf8"));
      } catch (error) {
        io.err(`portcullis osdp decode: cannot read ${values.file}: ${(error as Error).message}`);
        return 1;
      }
    }
    const decoded = decodeTrace(inputs, { crypto: nodeCrypto, ...(scbk !== undefined && { scbk }) });
    for (const frame of decoded) io.out(JSON.stringify(frame));
    return 0;
  },
};
