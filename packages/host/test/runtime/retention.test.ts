/** Journal retention runs (issue 10 §6): events past the age limit, or past the size limit, are deleted; `seq` goes on. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "@portcullis/testkit";
import { Host } from "../../src/runtime/Host";
import type { RetentionPolicy } from "../../src/runtime/JournalRetention";
import type { Logger } from "../../src/runtime/logger";
import { tempDir } from "./tempDir";

const siteText = readFileSync(new URL("../replay/fixtures/site.json", import.meta.url), "utf8");
const HOUR = 3_600_000;

const start = (clock: VirtualClock, retention: RetentionPolicy, logger?: Logger) =>
  Host.start({
    dataDir: tempDir("retention"),
    site: { file: JSON.parse(siteText) as unknown, source: "replay" },
    clock,
    environment: {},
    retention,
    ...(logger && { logger }),
  });

describe("journal retention", () => {
  it("deletes events older than the age limit every hour, keeping the rest and the seq", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 9));
    const logged: Array<Record<string, unknown> | undefined> = [];
    const logger: Logger = {
      info: (msg, f) => msg === "journal retention" && logged.push(f),
      warn: () => {},
      error: () => {},
    };
    const host = await start(clock, { maxAgeDays: 1 }, logger);
    for (const action of ["lock", "reset", "unlock", "reset"] as const)
      host.site.manual("lobby", action, "old");
    await host.store.journal.flush();
    const old = host.store.journal.head();
    clock.advance(36 * HOUR);
    await host.retention.idle();
    host.site.manual("lobby", "lockdown", "recent");
    await host.store.journal.flush();
    const head = host.store.journal.head();
    // The run at start found nothing to delete; the next one, an hour later, deletes the old events.
    clock.advance(HOUR);
    await host.retention.idle();
    expect(await host.store.journal.oldest()).toBe(old + 1);
    expect(logged).toEqual([{ byAge: old, bySize: 0, oldest: old + 1 }]);
    expect(host.store.journal.head()).toBe(head);
    await host.stop();
  });

  it("deletes the oldest events while the database is over its size limit", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 9));
    const maxBytes = 1024 * 1024;
    const host = await start(clock, { maxAgeDays: 90, maxBytes });
    for (let i = 0; i < 20_000; i++)
      host.recordHostEvent({
        type: "InstallMode",
        at: clock.now(),
        readerId: `reader-${"x".repeat(100)}-${i}`,
        active: true,
      });
    await host.store.journal.flush();
    const head = host.store.journal.head();
    expect(await host.store.usedBytes()).toBeGreaterThan(2 * maxBytes);
    const run = await host.retention.run();
    expect(run.byAge).toBe(0);
    expect(run.bySize).toBeGreaterThan(10_000);
    expect(await host.store.usedBytes()).toBeLessThanOrEqual(maxBytes);
    expect(host.store.journal.head()).toBe(head);
    expect(await host.store.journal.oldest()).toBe(run.bySize + 1);
    await host.stop();
  });
});
