/** Runs a `portcullis` subcommand in this process, for the cases that need no process of their own. */
import type { CliCommand } from "../../src/cli/command";
import type { CliRun } from "../cli/run";

/** The command's exit code, stdout lines and stderr, as `portcullis(...)` reports them. */
export const runInProcess = async (command: CliCommand, ...args: string[]): Promise<CliRun> => {
  const lines: string[] = [];
  let stderr = "";
  const code = await command.run(args, {
    out: (line) => lines.push(...line.split("\n").filter((l) => l !== "")),
    err: (line) => (stderr += `${line}\n`),
  });
  return { code, lines, stderr };
};
