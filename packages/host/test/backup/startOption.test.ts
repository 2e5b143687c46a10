/**
 * `start --backup-at HH:MM|off`: a bad time is a usage error; a running site arms the nightly run as
 * asked.
 */
import { describe, expect, it } from "vitest";
import { startCommand } from "../../src/cli/start";
import { demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";

const runSite = (name: string, nightlyBackupAt: string) =>
  startRunningSite({
    demo: true,
    site: { file: demoSiteFile(), source: "demo" },
    dataDir: tempDir(name),
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir: tempDir(`${name}-console`),
    logger: silentLogger,
    environment: {},
    nightlyBackupAt,
  });

describe("start --backup-at", () => {
  it("refuses a time that is not HH:MM with exit 2 and the usage line", async () => {
    const err: string[] = [];
    const code = await startCommand(tempDir("backup-at-console")).run(["--backup-at", "25:00"], {
      out: () => {},
      err: (line) => err.push(line),
    });
    expect(code).toBe(2);
    expect(err).toEqual([
      "portcullis start: --backup-at takes HH:MM (24-hour, the site's time zone) or off",
      expect.stringContaining("usage: portcullis start"),
    ]);
  });

  it("arms the nightly run at the given time in the site's zone, or none when off", async () => {
    const at = await runSite("backup-at", "03:15");
    const next = at.backups.schedule?.nextRunAt();
    // What `backup.list` tells an admin.
    expect(at.backups.nightly()).toEqual({ at: "03:15", nextRunAt: next });
    await at.stop();
    const local = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Stockholm",
      hour: "2-digit",
      minute: "2-digit",
    }).format(next);
    expect(local).toBe("03:15");

    const off = await runSite("backup-off", "off");
    const schedule = off.backups.schedule;
    const nightly = off.backups.nightly();
    await off.stop();
    expect(schedule).toBeUndefined();
    expect(nightly).toBeUndefined();
  }, 60_000);
});
