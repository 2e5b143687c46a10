/** The shape of a `portcullis` subcommand, so `start`, `replay` and the decoders plug into one dispatcher. */

/** The I/O a command may use; tests and the dispatcher provide it. */
export interface CliIo {
  /** Writes one line to stdout. */
  readonly out: (line: string) => void;
  /** Writes one line to stderr. */
  readonly err: (line: string) => void;
  /** Redraws a progress line on stderr (a terminal shows it in place); absent: no progress shown. */
  readonly progress?: (line: string) => void;
}

/** One subcommand: its words (`["osdp", "decode"]`), its usage line, and what it does; resolves to the exit code. */
export interface CliCommand {
  readonly words: ReadonlyArray<string>;
  readonly usage: string;
  readonly run: (args: ReadonlyArray<string>, io: CliIo) => number | Promise<number>;
}

/** Exit code of a usage error (bad or missing arguments), as most Unix tools use. */
export const EXIT_USAGE = 2;

/** Reports a usage error: the reason and the usage line on stderr. */
export const usageError = (io: CliIo, command: CliCommand, reason: string): number => {
  io.err(`portcullis ${command.words.join(" ")}: ${reason}`);
  io.err(`usage: ${command.usage}`);
  return EXIT_USAGE;
};
