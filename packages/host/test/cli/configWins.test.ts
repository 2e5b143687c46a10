/** `portcullis start --config` after runtime changes (issue 10 §3): a conflicting file is refused, `--config-wins` applies it. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connect } from "../feed/client";
import { tempDir } from "../runtime/tempDir";
import { type HostProcess, serving, startHost } from "./hostProcess";

interface SiteFile {
  doors: Array<{ sides: Record<string, { readers?: unknown[] }> }>;
  policy: { credentials: Array<Record<string, unknown>> };
}

/** The replay example's site without its OSDP readers, which would need serial lines. */
const siteFile = (): SiteFile => {
  const file = JSON.parse(
    readFileSync(new URL("../replay/fixtures/site.json", import.meta.url), "utf8"),
  ) as SiteFile;
  for (const door of file.doors) for (const side of Object.values(door.sides)) side.readers = [];
  return file;
};

const stop = async (host: HostProcess): Promise<void> => {
  host.child.kill("SIGTERM");
  expect(await host.exited()).toBe(0);
};

describe("portcullis start --config after runtime changes", () => {
  it("refuses a file change to an entity changed at runtime, naming it; --config-wins applies it", async () => {
    const dir = tempDir("config-wins");
    const config = join(dir, "site.json");
    writeFileSync(config, JSON.stringify(siteFile()));
    const args = ["--config", config, "--data", join(dir, "data"), "--listen", "127.0.0.1:0"];

    const first = serving(await startHost(args));
    const admin = await connect(first.wsUrl);
    await admin.hello(first.adminToken!);
    expect(
      await admin.command({ type: "config.remove", entity: "credential", id: "alice-card" }),
    ).toMatchObject({ ok: true });
    admin.close();
    await stop(first);

    const edited = siteFile();
    edited.policy.credentials[0]!["name"] = "Replacement badge";
    writeFileSync(config, JSON.stringify(edited, null, 2));
    const refused = await startHost(args);
    if ("child" in refused) refused.child.kill("SIGKILL");
    expect(refused).toMatchObject({ code: 1 });
    expect("err" in refused && refused.err).toMatch(/credential "alice-card".*--config-wins/);

    const wins = serving(await startHost([...args, "--config-wins"]));
    expect(wins.err()).toContain("--config-wins: the file replaces a runtime change");
    await stop(wins);
  }, 120_000);
});
