/** Structured logs: one JSON object per line on stderr, so operators' tools can parse them. */

/** A structured logger. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const line = (level: string, msg: string, fields: Record<string, unknown> | undefined) =>
  `${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`;

/** Logs to a stream (stderr by default). */
export const jsonLogger = (write: (text: string) => void = (t) => process.stderr.write(t)): Logger => ({
  info: (msg, fields) => write(line("info", msg, fields)),
  warn: (msg, fields) => write(line("warn", msg, fields)),
  error: (msg, fields) => write(line("error", msg, fields)),
});

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
