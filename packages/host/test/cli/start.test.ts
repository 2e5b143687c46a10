/** `portcullis start` as a process: a bad site file exits 1 with its cause, `--help`, the connection cap, a clean SIGTERM. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../runtime/tempDir";
import { connect } from "../feed/client";
import { serving, startHost } from "./hostProcess";
import { portcullis } from "./run";

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

  it.each([
    ["null", "null", /invalid configuration: \S+ must hold the site file, a JSON object, not null/],
    [
      "OSDP readers without a serial line",
      readFileSync(new URL("../replay/fixtures/site.json", import.meta.url), "utf8"),
      /invalid configuration: devices\.lines: OSDP reader "lobby-in" on port c1:rd1 is on no line/,
    ],
    [
      "a card number no format carries",
      JSON.stringify({
        name: "wide",
        controllers: [],
        doors: [],
        policy: {
          cardholders: [{ id: "a", firstName: "A", lastName: "A" }],
          credentials: [
            { id: "c", cardholderId: "a", name: "Card", kind: "card", number: String(2n ** 40n) },
          ],
        },
      }),
      /policy\.credentials\[0\]\.number: card number needs 41 bits/,
    ],
  ])(
    "refuses a site file with %s, printing the cause and no stack trace",
    (_, text, cause) => {
      const dir = tempDir("start-cause");
      writeFileSync(join(dir, "site.json"), text);
      const run = portcullis(
        "start",
        "--config",
        join(dir, "site.json"),
        "--data",
        join(dir, "data"),
        "--listen",
        "127.0.0.1:0",
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(cause);
      expect(run.stderr).not.toMatch(/\n\s+at |getOrThrow/);
    },
    60_000,
  );

  it("prints its options for --help and refuses a malformed number", () => {
    const help = portcullis("start", "--help");
    expect(help.code).toBe(0);
    expect(help.lines[0]).toBe(
      "usage: portcullis start [--config FILE [--config-wins]] [--data DIR] [--listen HOST:PORT]",
    );
    for (const option of ["--config-wins", "--max-connections N", "--retention-days N", "--retention-mb N"])
      expect(help.lines.join("\n")).toContain(option);
    const bad = portcullis("start", "--max-connections", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--max-connections takes a whole number");
  }, 60_000);

  it("runs the demo, prints the console address and tokens, caps connections, and stops cleanly on SIGTERM", async () => {
    const host = serving(
      await startHost(["--data", tempDir("start-demo"), "--listen", "127.0.0.1:0", "--max-connections", "1"]),
    );
    expect(host.out()).toMatch(/admin token is \S+/);
    expect(host.operatorToken).toBeDefined();
    expect((await fetch(`${host.url}/healthz`)).status).toBe(200);
    const first = await connect(host.wsUrl);
    const second = await connect(host.wsUrl);
    expect(await second.closed()).toBe(1013);
    first.close();
    host.child.kill("SIGTERM");
    expect(await host.exited()).toBe(0);
  }, 60_000);
});
