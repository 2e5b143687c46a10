/** A backup taken while the host writes is one consistent commit, carries no credentials, and is private. */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { backupsDir, listBackups } from "../../src/backup";
import type { JournalEvent } from "../../src/events";
import { tempDir } from "../runtime/tempDir";
import { backupsOf, journalled, mondayClock, rows, startHost, swipe } from "./fixtures";

describe("backup while the host runs", () => {
  it("is the database as of one commit: the journal without gaps, and the facts that go with it", async () => {
    const dataDir = tempDir("backup-live");
    const clock = mondayClock();
    const host = await startHost(dataDir, clock);
    const admin = host.announced[0]!.secret;
    const backups = backupsOf(host, dataDir, clock);
    for (let k = 0; k < 300; k++) swipe(host, clock, k);
    await host.store.journal.flush();

    // Swipes go on, each committed, for as long as the backup runs.
    let settled = false;
    const taking = backups.now("tester").finally(() => (settled = true));
    for (let k = 0; !settled; k++) {
      swipe(host, clock, k);
      await host.store.journal.flush();
    }
    const backup = await taking;
    await host.store.journal.flush();
    const live = await journalled(host);
    await host.stop();

    const journal = await rows<{ seq: number; json: string }>(
      backup.file,
      "SELECT seq, json FROM journal ORDER BY seq",
    );
    expect(journal.length).toBe(backup.journalSeq);
    expect(journal.map((r) => r.seq)).toEqual(Array.from({ length: journal.length }, (_, i) => i + 1));
    // The backup's journal is the live one's prefix, event for event.
    expect(journal.map((r) => JSON.parse(r.json) as JournalEvent)).toEqual(live.slice(0, journal.length));
    // Facts commit with their events: each credential's use count is its grants in that journal.
    const grants = new Map<string, number>();
    for (const r of journal) {
      const e = JSON.parse(r.json) as { type: string; credentialId?: string };
      if (e.type === "AccessGranted" && e.credentialId !== undefined)
        grants.set(e.credentialId, (grants.get(e.credentialId) ?? 0) + 1);
    }
    expect(grants.size).toBe(40);
    const usage = await rows<{ credential_id: string; uses: number }>(
      backup.file,
      "SELECT credential_id, uses FROM credential_usage",
    );
    expect(new Map(usage.map((u) => [u.credential_id, u.uses]))).toEqual(grants);

    // Journalled on the live host, naming the file and what it holds.
    expect(live.filter((e) => e.type === "BackupDone")).toEqual([
      expect.objectContaining({
        type: "BackupDone",
        file: backup.file.split("/").at(-1),
        bytes: backup.bytes,
        journalSeq: backup.journalSeq,
        by: "tester",
      }),
    ]);

    // One private file with a rollback journal (header byte 18: 1), no API tokens, not even their hashes.
    const bytes = readFileSync(backup.file);
    expect(statSync(backup.file).mode & 0o777).toBe(0o600);
    expect(bytes.length).toBe(backup.bytes);
    expect(bytes[18]).toBe(1);
    expect(await rows(backup.file, "SELECT * FROM api_tokens")).toEqual([]);
    expect(bytes.indexOf(createHash("sha256").update(admin).digest())).toBe(-1);
    expect(await rows(backup.file, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
  }, 60_000);

  it("keeps the three latest backups", async () => {
    const dataDir = tempDir("backup-rotate");
    const clock = mondayClock();
    const host = await startHost(dataDir, clock);
    const backups = backupsOf(host, dataDir, clock);
    const files: string[] = [];
    for (let i = 0; i < 5; i++) {
      swipe(host, clock, i);
      await host.store.journal.flush();
      files.push((await backups.now("tester")).file.split("/").at(-1)!);
      clock.advance(60_000);
    }
    await host.stop();
    expect(await listBackups(backupsDir(dataDir))).toEqual(files.slice(2));
  }, 60_000);
});
