/** `portcullis replay --site FILE --trace FILE`: the engine alone over a trace, one event per line (DESIGN §8). */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Either } from "effect";
import { replay as runReplay } from "../replay/replay";
import { type CliCommand, usageError } from "./command";

/** Replays a trace; an invalid site or trace line exits 1 naming the line and field. */
export const replay: CliCommand = {
  words: ["replay"],
  usage: "portcullis replay --site FILE --trace FILE",
  run: (args, io) => {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: { site: { type: "string" }, trace: { type: "string" } },
      }));
    } catch (error) {
      return usageError(io, replay, (error as Error).message);
    }
    if (values.site === undefined || values.trace === undefined)
      return usageError(io, replay, "--site FILE and --trace FILE are required");
    let site: string;
    let trace: string;
    try {
      site = readFileSync(values.site, "utf8");
      trace = readFileSync(values.trace, "utf8");
    } catch (error) {
      io.err(`portcullis replay: ${(error as Error).message}`);
      return 1;
    }
    return Either.match(runReplay(site, trace, io.out), {
      onLeft: (e) => {
        io.err(`portcullis replay: ${e.message}`);
        return 1;
      },
      onRight: () => 0,
    });
  },
};
