/** Backups as an admin reaches them: `backup.now` over the real WebSocket, `portcullis backup|restore` as processes. */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backupsDir, databaseFile, listBackups, restoreDir } from "../../src/backup";
import { demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite } from "../../src/runtime/RunningSite";
import { portcullis } from "../cli/run";
import { connect } from "../feed/client";
import { tempDir } from "../runtime/tempDir";
import { digest, journalled, mondayClock, startHost } from "./fixtures";

const ADMIN = "admin-secret-for-the-backup-admin-api";
// Each CLI run compiles the host with tsx: seconds on an idle machine, far more on a loaded one.

describe("backups for admins", () => {
  it("backs up on backup.now, refuses the CLI while the host runs, then backs up and restores with it", async () => {
    const dataDir = tempDir("backup-admin");
    const running = await startRunningSite({
      demo: true,
      site: { file: demoSiteFile(), source: "demo" },
      dataDir,
      listen: { host: "127.0.0.1", port: 0 },
      consoleDir: tempDir("backup-admin-console"),
      logger: silentLogger,
      environment: { PORTCULLIS_ADMIN_TOKEN: ADMIN },
    });
    const operator = running.tokens.find((t) => t.role === "operator")!.secret;
    let online: string;
    try {
      const olga = await connect(`${running.feed.url.replace("http", "ws")}/ws`);
      expect(await olga.hello(operator)).toMatchObject({ type: "welcome", role: "operator" });
      expect(await olga.command({ type: "backup.now" })).toMatchObject({
        ok: false,
        error: { code: "Forbidden" },
      });
      olga.close();

      const admin = await connect(`${running.feed.url.replace("http", "ws")}/ws`);
      expect(await admin.hello(ADMIN)).toMatchObject({ type: "welcome", role: "admin" });
      admin.send({ type: "subscribe", topics: ["events"] });
      const result = await admin.command({ type: "backup.now" });
      expect(result).toMatchObject({
        ok: true,
        value: { file: expect.stringMatching(/^portcullis-.*\.db$/) },
      });
      const value = result["value"] as { file: string; bytes: number; journalSeq: number };
      online = join(backupsDir(dataDir), value.file);
      expect(statSync(online).size).toBe(value.bytes);
      expect(
        await admin.next((m) => m.type === "event" && (m["event"] as { type: string }).type === "BackupDone"),
      ).toMatchObject({ event: { file: value.file, journalSeq: value.journalSeq, by: "first admin" } });
      admin.close();

      // A host runs on the directory: the CLI leaves it alone.
      const refused = portcullis("restore", online, "--data", dataDir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /is in use by another running Portcullis.*: stop it first, or drop the file in/,
      );
    } finally {
      await running.stop();
    }
    // Shutdown disarmed the nightly run.
    expect(running.backups.schedule?.nextRunAt()).toBeUndefined();

    const backedUp = portcullis("backup", "--data", dataDir);
    expect(backedUp.code).toBe(0);
    expect(backedUp.lines).toEqual([
      expect.stringMatching(/^Backup written: .*portcullis-.*\.db \(\d+ bytes, journal up to seq \d+\)$/),
    ]);
    expect(await listBackups(backupsDir(dataDir))).toHaveLength(2);

    const restored = portcullis("restore", online, "--data", dataDir);
    expect(restored.code).toBe(0);
    expect(restored.lines).toEqual([
      expect.stringMatching(/^Restored .* into .*; the replaced database is kept as .*replaced.*\.db\.$/),
    ]);

    const host = await startHost(dataDir, mondayClock());
    const events = await journalled(host);
    const admin = await host.store.tokens.verify(ADMIN);
    await host.stop();
    expect(events.at(-1)).toMatchObject({ type: "RestoreDone", file: online.split("/").at(-1) });
    // The CLI's backup was taken after the online one: restoring the online one dropped its BackupDone.
    expect(events.filter((e) => e.type === "BackupDone" && e.by === "cli")).toEqual([]);
    expect(admin?.role).toBe("admin");
  }, 300_000);

  it("portcullis restore refuses a file that is not a backup and changes nothing", async () => {
    const dataDir = tempDir("restore-cli-bad");
    const host = await startHost(dataDir, mondayClock());
    await host.stop();
    const before = digest(databaseFile(dataDir));
    const file = join(tempDir("restore-cli-file"), "notes.txt");
    writeFileSync(file, "these are not the droids you are looking for\n".repeat(100));
    const run = portcullis("restore", file, "--data", dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^portcullis restore: notes\.txt cannot be restored: it is damaged or not an SQLite database \(.*\); the database is unchanged$/m,
    );
    expect(digest(databaseFile(dataDir))).toBe(before);
    expect(() => statSync(restoreDir(dataDir))).toThrow();
  }, 120_000);
});
