/** The engine README's site file example (issue 10): `portcullis start --config` runs it, and `replay` replays its trace on it. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../runtime/tempDir";
import { serving, startHost } from "./hostProcess";
import { portcullis } from "./run";

const readme = readFileSync(new URL("../../../engine/README.md", import.meta.url), "utf8");
const block = (after: string, lang: string): string => {
  const start = readme.indexOf("```" + lang + "\n", readme.indexOf(after)) + lang.length + 4;
  return readme.slice(start, readme.indexOf("```", start));
};

describe("the engine README's site file", () => {
  const dir = tempDir("readme-example");
  const site = join(dir, "site.json");
  writeFileSync(site, block("A complete example", "json"));
  const trace = join(dir, "trace.jsonl");
  writeFileSync(trace, block("The example trace", "json"));

  it("starts with portcullis start --config and stops cleanly", async () => {
    const host = serving(
      await startHost(["--config", site, "--data", join(dir, "data"), "--listen", "127.0.0.1:0"]),
    );
    expect(host.adminToken).toBeDefined();
    expect((await fetch(`${host.url}/healthz`)).status).toBe(200);
    host.child.kill("SIGTERM");
    expect(await host.exited()).toBe(0);
  }, 60_000);

  it("replays the README's trace on it", () => {
    const run = portcullis("replay", "--site", site, "--trace", trace);
    expect(run.code).toBe(0);
    const types = run.lines.map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types).toEqual(
      expect.arrayContaining(["AccessGranted", "AccessDenied", "ManualAction", "ConfigChanged"]),
    );
  }, 60_000);
});
