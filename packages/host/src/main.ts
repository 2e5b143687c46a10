/** The `portcullis` command line: dispatches `portcullis <command> …` to the subcommands in `cli/`. */
import { fileURLToPath } from "node:url";
import type { CliCommand, CliIo } from "./cli/command";
import { EXIT_USAGE } from "./cli/command";

// The console's files sit beside this entry point: `src/console` from source, `dist/console` when bundled.
const consoleDir = fileURLToPath(new URL("./console/", import.meta.url));

/**
 * Every subcommand by its words, loaded only when run: `osdp decode` should not pay for SQLite, serial
 * ports and the WebSocket server that `start` needs.
 */
const commands: ReadonlyArray<{
  readonly words: ReadonlyArray<string>;
  readonly load: () => Promise<CliCommand>;
}> = [
  { words: ["start"], load: async () => (await import("./cli/start")).startCommand(consoleDir) },
  { words: ["osdp", "decode"], load: async () => (await import("./cli/osdpDecode")).osdpDecode },
  { words: ["wiegand", "decode"], load: async () => (await import("./cli/wiegandDecode")).wiegandDecode },
  { words: ["replay"], load: async () => (await import("./cli/replay")).replay },
  { words: ["report"], load: async () => (await import("./cli/report")).report },
  { words: ["events"], load: async () => (await import("./cli/events")).events },
  { words: ["rollcall"], load: async () => (await import("./cli/rollCall")).rollCallCommand },
  { words: ["muster"], load: async () => (await import("./cli/rollCall")).musterCommand },
  { words: ["backup"], load: async () => (await import("./cli/backup")).backupCommand },
  { words: ["restore"], load: async () => (await import("./cli/backup")).restoreCommand },
  { words: ["import"], load: async () => (await import("./cli/transfer")).importCommand },
  { words: ["export"], load: async () => (await import("./cli/transfer")).exportCommand },
  { words: ["multi"], load: async () => (await import("./cli/multi")).multiCommand },
];

const matches = (words: ReadonlyArray<string>, args: ReadonlyArray<string>): boolean =>
  words.every((word, i) => args[i] === word);

// Runs the subcommand `args` names and resolves to its exit code; unknown commands print the usage lines.
const runCli = async (args: ReadonlyArray<string>, io: CliIo): Promise<number> => {
  const entry = commands.find((c) => matches(c.words, args));
  if (entry !== undefined) {
    const command = await entry.load();
    return command.run(args.slice(command.words.length), io);
  }
  if (args.length > 0) io.err(`portcullis: unknown command ${JSON.stringify(args.slice(0, 2).join(" "))}`);
  io.err("usage:");
  for (const c of commands) io.err(`  ${(await c.load()).usage}`);
  return EXIT_USAGE;
};

const io: CliIo = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
  progress: (line) => process.stderr.write(`\r${line}\x1b[K`),
};

process.exitCode = await runCli(process.argv.slice(2), io);
