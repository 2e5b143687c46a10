/** The `portcullis` command line: dispatches `portcullis <command> …` to the subcommands in `cli/`. */
import { fileURLToPath } from "node:url";
import { backupCommand, restoreCommand } from "./cli/backup";
import type { CliCommand, CliIo } from "./cli/command";
import { EXIT_USAGE } from "./cli/command";
import { events } from "./cli/events";
import { osdpDecode } from "./cli/osdpDecode";
import { replay } from "./cli/replay";
import { report } from "./cli/report";
import { musterCommand, rollCallCommand } from "./cli/rollCall";
import { startCommand } from "./cli/start";
import { wiegandDecode } from "./cli/wiegandDecode";

// Every subcommand; `start` and `replay` join this list as sibling modules of `cli/`.
// The console's files sit beside this entry point: `src/console` from source, `dist/console` when bundled.
const consoleDir = fileURLToPath(new URL("./console/", import.meta.url));
const commands: ReadonlyArray<CliCommand> = [
  startCommand(consoleDir),
  osdpDecode,
  wiegandDecode,
  replay,
  report,
  events,
  rollCallCommand,
  musterCommand,
  backupCommand,
  restoreCommand,
];

const matches = (command: CliCommand, args: ReadonlyArray<string>): boolean =>
  command.words.every((word, i) => args[i] === word);

// Runs the subcommand `args` names and resolves to its exit code; unknown commands print the usage lines.
const runCli = async (args: ReadonlyArray<string>, io: CliIo): Promise<number> => {
  const command = commands.find((c) => matches(c, args));
  if (command !== undefined) return command.run(args.slice(command.words.length), io);
  if (args.length > 0) io.err(`portcullis: unknown command ${JSON.stringify(args.slice(0, 2).join(" "))}`);
  io.err("usage:");
  for (const c of commands) io.err(`  ${c.usage}`);
  return EXIT_USAGE;
};

const io: CliIo = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
};

process.exitCode = await runCli(process.argv.slice(2), io);
