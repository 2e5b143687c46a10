/** The site's files are created mode 0600, its data directory 0700; store files left wider by older versions are narrowed. */
import { chmodSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "@portcullis/testkit";
import { demoSiteFile } from "../../src/demo/demoSite";
import { Host } from "../../src/runtime/Host";
import { tempDir } from "./tempDir";

const STORE_FILES = ["portcullis.db", "portcullis.db-wal", "portcullis.db-shm", "portcullis.lock"];

const start = (dataDir: string) =>
  Host.start({
    dataDir,
    site: { file: demoSiteFile(), source: "demo" },
    clock: new VirtualClock(Date.UTC(2026, 10, 23, 9)),
    environment: {},
  });

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("file modes", () => {
  it("creates the database, its WAL and shared memory, the lock and the key owner-only", async () => {
    const dataDir = join(tempDir("modes"), "data");
    const host = await start(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    for (const file of [...STORE_FILES, "main.key"])
      expect([file, modeOf(join(dataDir, file)).toString(8)]).toEqual([file, "600"]);
    await host.stop();
  });

  it("narrows files an older version left readable by others", async () => {
    const dataDir = tempDir("modes-old");
    await (await start(dataDir)).stop();
    for (const file of STORE_FILES)
      if (existsSync(join(dataDir, file))) chmodSync(join(dataDir, file), 0o644);
    const host = await start(dataDir);
    for (const file of STORE_FILES)
      expect([file, modeOf(join(dataDir, file)).toString(8)]).toEqual([file, "600"]);
    await host.stop();
  });
});
