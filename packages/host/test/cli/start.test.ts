/** `portcullis start` as a process: a bad site file exits non-zero naming the field; SIGTERM shuts down cleanly. */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../runtime/tempDir";
import { portcullis } from "./run";

const main = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

describe("portcullis start", () => {
  it("refuses an invalid site file, naming the field, and exits 1", () => {
    const dir = tempDir("start-bad");
    const config = join(dir, "site.json");
    writeFileSync(
      config,
      JSON.stringify({
        name: "bad",
        controllers: [{ id: "c1", name: "c1", relays: ["r1"] }],
        doors: [{ id: "d1", name: "d1", controllerId: "c1", primaryLock: "r9" }],
      }),
    );
    const run = portcullis(
      "start",
      "--config",
      config,
      "--data",
      join(dir, "data"),
      "--listen",
      "127.0.0.1:0",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/doors\[0\]\.primaryLock/);
  }, 60_000);

  it("runs the demo, prints the console address and tokens, and stops cleanly on SIGTERM", async () => {
    const dir = tempDir("start-demo");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", main, "start", "--data", dir, "--listen", "127.0.0.1:0"],
      {
        env: { ...process.env, PORTCULLIS_ADMIN_TOKEN: "" },
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", () => out.includes("Console:") && resolve());
      child.on("exit", (code) => reject(new Error(`exited ${code} before serving: ${out}`)));
    });
    expect(out).toMatch(/admin token is \S+/);
    expect(out).toMatch(/Demo operator token \(valid until shutdown\): \S+/);
    const url = /Console: (\S+)\//.exec(out)![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
  }, 60_000);
});
