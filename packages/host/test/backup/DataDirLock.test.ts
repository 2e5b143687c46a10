/** One process at a time on a data directory: a live holder is refused, a dead one's file taken over. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BackupError, DataDirLock } from "../../src/backup";
import { tempDir } from "../runtime/tempDir";

// Above Linux's pid_max (2^22): no process has it.
const DEAD_PID = 5_000_000;

describe("data directory lock", () => {
  it("refuses while another live process holds the directory, naming it", async () => {
    const dir = tempDir("lock-live");
    writeFileSync(join(dir, "host.pid"), `${process.ppid}\n`);
    const refusal = await DataDirLock.acquire(dir).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(BackupError);
    expect((refusal as BackupError).message).toBe(
      `a Portcullis host (pid ${process.ppid}) is running on ${dir}`,
    );
    expect(readFileSync(join(dir, "host.pid"), "utf8")).toBe(`${process.ppid}\n`);
  });

  it("takes over the file of a process that is gone, and removes it on release", async () => {
    const dir = tempDir("lock-stale");
    writeFileSync(join(dir, "host.pid"), `${DEAD_PID}\n`);
    const lock = await DataDirLock.acquire(dir);
    expect(readFileSync(join(dir, "host.pid"), "utf8")).toBe(`${process.pid}\n`);
    await lock.release();
    expect(existsSync(join(dir, "host.pid"))).toBe(false);
  });

  it("leaves a file another process has taken since alone on release", async () => {
    const dir = tempDir("lock-taken");
    const lock = await DataDirLock.acquire(dir);
    writeFileSync(join(dir, "host.pid"), `${process.ppid}\n`);
    await lock.release();
    expect(readFileSync(join(dir, "host.pid"), "utf8")).toBe(`${process.ppid}\n`);
  });
});
