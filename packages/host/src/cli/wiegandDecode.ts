/** `portcullis wiegand decode --format NAME BITS`: `{ok, format, facility, card, parityOk}` (DESIGN §8). */
import { parseArgs } from "node:util";
import { wiegandDecodeCommand } from "@portcullis/protocols";
import { type CliCommand, usageError } from "./command";

/**
 * Decodes one Wiegand frame with a predefined card format. A parity failure is a result (`ok: true, parityOk:
 * false`, exit 0); malformed input prints `{ok: false, error}` and exits 1.
 */
export const wiegandDecode: CliCommand = {
  words: ["wiegand", "decode"],
  usage: "portcullis wiegand decode --format NAME BITS",
  run: (args, io) => {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        options: { format: { type: "string" } },
        allowPositionals: true,
      });
    } catch (error) {
      return usageError(io, wiegandDecode, (error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.format === undefined) return usageError(io, wiegandDecode, "--format NAME is required");
    if (positionals.length !== 1) return usageError(io, wiegandDecode, "give exactly one BITS argument");
    const result = wiegandDecodeCommand(values.format, positionals[0]!);
    io.out(JSON.stringify(result));
    return result.ok ? 0 : 1;
  },
};
