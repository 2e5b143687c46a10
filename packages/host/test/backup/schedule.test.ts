/** The nightly backup in virtual time: the site's zone, DST, a changed zone, failures, and stopping. */
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { BackupSchedule, backupsDir, dailyAt, listBackups, startHostBackups } from "../../src/backup";
import type { Logger } from "../../src/runtime/logger";
import { silentLogger } from "../../src/runtime/logger";
import { tempDir } from "../runtime/tempDir";
import { journalled, mondayClock, startHost } from "./fixtures";

/** Lets the run's promise and the re-planning after it settle (no time passes). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Advances to each coming run in turn, `n` times. */
const nights = async (clock: VirtualClock, schedule: BackupSchedule, n: number): Promise<void> => {
  for (let i = 0; i < n; i++) {
    clock.advanceTo(schedule.nextRunAt()!);
    await settle();
  }
};

const iso = (ms: number) => new Date(ms).toISOString();

describe("nightly backup schedule", () => {
  it("runs at 02:30 in the site's zone every night, across the spring DST change", async () => {
    const clock = new VirtualClock(Date.parse("2027-03-26T12:00:00Z"));
    const runs: number[] = [];
    const schedule = new BackupSchedule(
      clock,
      dailyAt("02:30", () => "Europe/Stockholm"),
      async () => runs.push(clock.now()),
      silentLogger,
    );
    schedule.start();
    await nights(clock, schedule, 4);
    await schedule.stop();
    expect(runs.map(iso)).toEqual([
      "2027-03-27T01:30:00.000Z", // 02:30 CET
      "2027-03-28T01:00:00.000Z", // 02:30 does not exist that night: 03:00 CEST, the end of the gap
      "2027-03-29T00:30:00.000Z", // 02:30 CEST
      "2027-03-30T00:30:00.000Z",
    ]);
  });

  it("follows a change of the site's time zone from the next run on", async () => {
    const clock = new VirtualClock(Date.parse("2027-01-10T00:00:00Z"));
    let zone = "UTC";
    const runs: number[] = [];
    const schedule = new BackupSchedule(
      clock,
      dailyAt("02:00", () => zone),
      async () => runs.push(clock.now()),
      silentLogger,
    );
    schedule.start();
    await nights(clock, schedule, 1);
    zone = "Asia/Tokyo";
    await nights(clock, schedule, 1);
    await schedule.stop();
    expect(runs.map(iso)).toEqual(["2027-01-10T02:00:00.000Z", "2027-01-10T17:00:00.000Z"]);
  });

  it("logs a failed backup and still runs the next night", async () => {
    const clock = new VirtualClock(Date.parse("2027-01-10T00:00:00Z"));
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (msg) => errors.push(msg) };
    let calls = 0;
    const schedule = new BackupSchedule(
      clock,
      dailyAt("02:00", () => "UTC"),
      async () => {
        if (++calls === 1) throw new Error("disk full");
      },
      logger,
    );
    schedule.start();
    await nights(clock, schedule, 2);
    await schedule.stop();
    expect(calls).toBe(2);
    expect(errors).toEqual(["scheduled backup failed"]);
  });

  it("stops: waits for the backup in progress and leaves no timer armed", async () => {
    const clock = new VirtualClock(Date.parse("2027-01-10T00:00:00Z"));
    let finish = () => {};
    const schedule = new BackupSchedule(
      clock,
      dailyAt("02:00", () => "UTC"),
      () => new Promise<void>((resolve) => (finish = resolve)),
      silentLogger,
    );
    schedule.start();
    clock.advanceTo(schedule.nextRunAt()!);
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(schedule.nextRunAt()).toBeUndefined();
    expect(clock.pending).toBe(0);
  });
});

describe("nightly backup of a running host", () => {
  it("writes a real backup at night and journals it as the schedule's", async () => {
    const dataDir = tempDir("nightly");
    const clock = mondayClock();
    const host = await startHost(dataDir, clock);
    const backups = startHostBackups(host, { dataDir, nightlyAt: "02:00", clock, logger: silentLogger });
    // Monday 10:00 in Stockholm: the next run is Tuesday 02:00 there, 01:00 UTC.
    expect(iso(backups.schedule!.nextRunAt()!)).toBe("2026-11-24T01:00:00.000Z");
    clock.advanceTo(backups.schedule!.nextRunAt()!);
    await backups.backups.idle();
    await host.store.journal.flush();
    const done = (await journalled(host)).filter((e) => e.type === "BackupDone");
    const files = await listBackups(backupsDir(dataDir));
    await backups.stop();
    await host.stop();
    expect(files).toEqual(["portcullis-20261124T010000.000Z.db"]);
    expect(done).toEqual([expect.objectContaining({ file: files[0], by: "schedule" })]);
    expect(backups.schedule!.nextRunAt()).toBeUndefined();
  }, 60_000);
});
