/** `portcullis start` as a child process: started, waited for until it serves, signalled or killed. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const main = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

/** A running `portcullis start`. */
export interface HostProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:port` */
  readonly url: string;
  /** `ws://127.0.0.1:port/ws` */
  readonly wsUrl: string;
  /** Everything printed on stdout so far. */
  out(): string;
  /** Everything logged on stderr so far. */
  err(): string;
  /** The demo's operator token, if printed. */
  readonly operatorToken: string | undefined;
  /** A first start's admin token, if printed. */
  readonly adminToken: string | undefined;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited(): Promise<number | string>;
  /** Whether the process is still running. */
  alive(): boolean;
}

/** What a start that ended before serving printed. */
export interface HostExit {
  readonly code: number | string;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `portcullis start ...args` from the repository root (node with tsx) and resolves once it prints
 * its console address, or with how it ended if it exits first.
 */
export const startHost = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
): Promise<HostProcess | HostExit> => {
  const child = spawn(process.execPath, ["--import", "tsx", main, "start", ...args], {
    cwd: repoRoot,
    env: { ...process.env, PORTCULLIS_ADMIN_TOKEN: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on("close", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  return new Promise((resolve) => {
    const serving = (): void => {
      const url = /Console: (\S+)\//.exec(out)?.[1];
      if (url === undefined) return;
      child.stdout.off("data", serving);
      resolve({
        child,
        url,
        wsUrl: `${url.replace("http", "ws")}/ws`,
        out: () => out,
        err: () => err,
        operatorToken: /Demo operator token \(valid until shutdown\): (\S+)/.exec(out)?.[1],
        adminToken: /the admin token is (\S+)/.exec(out)?.[1],
        exited: () => exited,
        alive: () => !ended,
      });
    };
    child.stdout.on("data", serving);
    void exited.then((code) => resolve({ code, out, err }));
  });
};

/** The running host, or a test failure saying how the start ended. */
export const serving = (started: HostProcess | HostExit): HostProcess => {
  if ("child" in started) return started;
  throw new Error(
    `portcullis start exited (${started.code}) before serving:\n${started.out}\n${started.err}`,
  );
};
