/** A PTY pair from `socat` standing in for an RS-485 line between a control panel and its readers. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { Observable } from "rxjs";

/** A running socat whose two ends are `cp` and `pd` (symlinks to the PTYs). */
export interface PtyPair {
  readonly cp: string;
  readonly pd: string;
  /** Ends socat: both PTYs disappear, as when a USB adapter is pulled. */
  readonly kill: () => Promise<void>;
}

/** Starts socat in `dir` and resolves once it moves data (both links exist then). */
export const startPtyPair = (dir: string, timeoutMs = 5_000): Promise<PtyPair> => {
  const cp = join(dir, "cp");
  const pd = join(dir, "pd");
  const child: ChildProcess = spawn(
    "socat",
    ["-d", "-d", `pty,raw,echo=0,link=${cp}`, `pty,raw,echo=0,link=${pd}`],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error("socat did not start"));
    }, timeoutMs);
    let log = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("starting data transfer loop")) {
        clearTimeout(timer);
        resolve({ cp, pd, kill });
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
};

/**
 * Resolves once `check()` holds, checking again each time `subscribe` signals; rejects after `timeoutMs`.
 * Real serial I/O runs in real time: this waits for the event, never for a fixed time.
 */
export const until = (
  what: string | (() => string),
  check: () => boolean,
  subscribe: (signal: () => void) => () => void,
  timeoutMs = 5_000,
): Promise<void> =>
  new Promise((resolve, reject) => {
    if (check()) return resolve();
    let stop = (): void => {};
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`));
    }, timeoutMs);
    stop = subscribe(() => {
      if (!check()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });

/** `until`'s signal for every value `source` emits. */
export const onEmit =
  (source: Observable<unknown>) =>
  (signal: () => void): (() => void) => {
    const subscription = source.subscribe(() => signal());
    return () => subscription.unsubscribe();
  };
