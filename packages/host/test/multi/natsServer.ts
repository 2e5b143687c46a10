/**
 * A real nats-server for multi-server tests: JetStream on, its store in a temp directory, on
 * 127.0.0.1 at a free port, with the configuration a main generated. Stop and start it again to
 * cut and restore the network; reload it after the main rewrote its configuration.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { delimiter, join } from "node:path";

/** The nats-server binary: Debian installs it in /usr/sbin, which a non-root PATH may lack. */
export const natsServerBinary = (): string => {
  if (existsSync("/usr/sbin/nats-server")) return "/usr/sbin/nats-server";
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    const candidate = join(dir, "nats-server");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("nats-server is not installed (apt-get install nats-server)");
};

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = new Socket();
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
    s.connect(port, "127.0.0.1");
  });

/** Polls `check` every 20 ms until it holds, failing with `what` after `ms`. */
export const until = async (
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 10_000,
): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** One nats-server process, restartable on the same port and store. */
export class NatsServer {
  private process: ChildProcess | undefined;
  log = "";

  constructor(
    readonly configFile: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(natsServerBinary(), ["-c", this.configFile], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (d: Buffer) => (this.log += d.toString()));
    this.process = child;
    // A test process that dies must not leave its nats-server behind.
    const orphan = () => child.kill("SIGKILL");
    process.once("exit", orphan);
    child.once("exit", () => process.off("exit", orphan));
    await until("nats-server to listen", async () => {
      if (child.exitCode !== null) throw new Error(`nats-server exited: ${this.log}`);
      return accepts(this.port);
    });
  }

  /** Re-reads the configuration file (users added or removed). */
  async reload(): Promise<void> {
    const before = this.log.length;
    this.process?.kill("SIGHUP");
    await until("nats-server to reload", () => /Reloaded/.test(this.log.slice(before)));
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}
