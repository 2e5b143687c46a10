/**
 * The store is the source of truth once a site runs (issue 10 §3): a changed `--config` file is
 * applied entity by entity as journalled changes, and never silently undoes a runtime change.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "@portcullis/testkit";
import { Host } from "../../src/runtime/Host";
import { SiteFileConflictError } from "../../src/runtime/loadSite";
import type { Logger } from "../../src/runtime/logger";
import { tempDir } from "./tempDir";

/** The parts of the site file these tests edit. */
interface SiteFile {
  schedules: unknown[];
  policy: {
    cardholders: Array<Record<string, unknown>>;
    credentials: Array<Record<string, unknown>>;
    rules: unknown[];
  };
}

const siteText = readFileSync(new URL("../replay/fixtures/site.json", import.meta.url), "utf8");
const siteFile = (): SiteFile => JSON.parse(siteText) as SiteFile;

/** The file as `start` gives it: parsed, with a hash of its text as its source. */
const given = (text: string, configWins = false) => ({
  file: JSON.parse(text) as unknown,
  source: createHash("sha256").update(text).digest("hex"),
  configWins,
});

const logs: Array<{ level: string; msg: string; fields: Record<string, unknown> | undefined }> = [];
const logger: Logger = {
  info: (msg, fields) => logs.push({ level: "info", msg, fields }),
  warn: (msg, fields) => logs.push({ level: "warn", msg, fields }),
  error: (msg, fields) => logs.push({ level: "error", msg, fields }),
};

const clock = new VirtualClock(Date.UTC(2026, 10, 23, 9));
const start = (dataDir: string, text: string, configWins = false) =>
  Host.start({ dataDir, site: given(text, configWins), clock, logger, environment: {} });

const credentialIds = (host: Host) => host.site.policy.credentials.map((c) => c.id);

/** The `ConfigChanged` events the file caused, as `[entity, id, change]`. */
const fileChanges = async (host: Host) =>
  (await host.store.journal.readFrom(1, 10_000))
    .filter((e) => e.type === "ConfigChanged" && e.by === "config file")
    .map((e) => e.type === "ConfigChanged" && [e.entity, e.id, e.change]);

/** Starts on the original file and removes Alice's badge at runtime. */
const removeBadgeAtRuntime = async (dataDir: string): Promise<void> => {
  const host = await start(dataDir, siteText);
  host.site.configure({ op: "remove", entity: "credential", id: "alice-card" }, "admin");
  await host.stop();
};

describe("a changed --config file", () => {
  it("changed only in whitespace, keeps every runtime change and journals nothing", async () => {
    const dataDir = tempDir("config-whitespace");
    await removeBadgeAtRuntime(dataDir);
    const host = await start(dataDir, JSON.stringify(siteFile(), null, 4) + "\n\n");
    expect(credentialIds(host)).not.toContain("alice-card");
    expect(await fileChanges(host)).toEqual([]);
    await host.stop();
  });

  it("applies what the file changed, entity by entity, as ConfigChanged by the config file", async () => {
    const dataDir = tempDir("config-merge");
    await removeBadgeAtRuntime(dataDir);
    const file = siteFile();
    file.policy.cardholders.push({ id: "carol", firstName: "Carol", lastName: "Carlsson" });
    file.policy.cardholders[1]!["lastName"] = "Bergström";
    const text = JSON.stringify(file);
    const host = await start(dataDir, text);
    expect(credentialIds(host)).not.toContain("alice-card");
    expect(host.site.policy.cardholders.find((c) => c.id === "carol")).toBeDefined();
    expect(host.site.policy.cardholders.find((c) => c.id === "bob")?.lastName).toBe("Bergström");
    await host.store.journal.flush();
    expect(await fileChanges(host)).toEqual([
      ["cardholder", "bob", "put"],
      ["cardholder", "carol", "put"],
    ]);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: "info",
        fields: { entity: "cardholder", id: "carol", change: "put" },
      }),
    );
    await host.stop();

    // The next start with the same file has nothing to apply.
    const again = await start(dataDir, text);
    expect(await fileChanges(again)).toHaveLength(2);
    expect(again.site.policy.cardholders.find((c) => c.id === "bob")?.lastName).toBe("Bergström");
    await again.stop();
  });

  it("refuses a file change that meets a runtime change, naming the entity, unless the file wins", async () => {
    const dataDir = tempDir("config-conflict");
    await removeBadgeAtRuntime(dataDir);
    const file = siteFile();
    file.policy.credentials[0]!["name"] = "Lost badge, found";
    const text = JSON.stringify(file);
    const refused = start(dataDir, text);
    await expect(refused).rejects.toBeInstanceOf(SiteFileConflictError);
    await expect(refused).rejects.toThrow(/credential "alice-card".*--config-wins/);

    // Nothing was written: the stored site still lacks the badge and nothing was journalled.
    const unchanged = await start(dataDir, siteText);
    expect(credentialIds(unchanged)).not.toContain("alice-card");
    const head = unchanged.store.journal.head();
    await unchanged.stop();

    const wins = await start(dataDir, text, true);
    expect(wins.site.policy.credentials.find((c) => c.id === "alice-card")?.name).toBe("Lost badge, found");
    await wins.store.journal.flush();
    expect(await fileChanges(wins)).toEqual([["credential", "alice-card", "put"]]);
    expect((await wins.store.journal.readFrom(head + 1, 1))[0]).toMatchObject({ type: "ConfigChanged" });
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: "warn",
        fields: { entity: "credential", id: "alice-card", change: "put" },
      }),
    );
    await wins.stop();
  });

  it("refuses file changes that no longer fit the stored site, naming the field", async () => {
    const dataDir = tempDir("config-unfit");
    const host = await start(dataDir, siteText);
    host.site.configure(
      {
        op: "put",
        entity: "rule",
        value: {
          id: "bob-lobby",
          name: "Bob",
          cardholders: ["bob"],
          doors: ["lobby"],
          schedules: ["office"],
        },
      },
      "admin",
    );
    await host.stop();
    const file = siteFile();
    file.schedules = [];
    file.policy.rules = [];
    await expect(start(dataDir, JSON.stringify(file))).rejects.toThrow(
      /changes do not fit the stored configuration: policy\.rules\[\d\]\.schedules/,
    );
  });
});
