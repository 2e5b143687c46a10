/**
 * Who works on a data directory: a host while it runs, or `portcullis backup|restore` while they
 * run. The holder's pid is in `DATA/host.pid`; a file whose process is gone is stale and taken over.
 */
import { readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BackupError } from "./BackupError";
import { isCode } from "./fsUtil";

const LOCK_FILE = "host.pid";

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return isCode(e, "EPERM");
  }
};

/** The pid of another live process holding `dataDir`, if any. */
export const dataDirHolder = async (dataDir: string): Promise<number | undefined> => {
  const text = await readFile(join(dataDir, LOCK_FILE), "utf8").catch((e: unknown) => {
    if (isCode(e, "ENOENT")) return undefined;
    throw e;
  });
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
};

/** A data directory held by this process until `release`. */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  /**
   * Takes `dataDir` (which must exist) for this process; refuses with a `BackupError` while another
   * live process holds it. This process may take it again: tests run several hosts in turn.
   */
  static async acquire(dataDir: string): Promise<DataDirLock> {
    const holder = await dataDirHolder(dataDir);
    if (holder !== undefined)
      throw new BackupError({
        message: `a Portcullis host (pid ${holder}) is running on ${dataDir}`,
        cause: undefined,
      });
    const file = join(dataDir, LOCK_FILE);
    await writeFile(file, `${process.pid}\n`, { mode: 0o600 });
    return new DataDirLock(file);
  }

  /** Gives the directory up, unless another process has taken it since. */
  async release(): Promise<void> {
    const text = await readFile(this.file, "utf8").catch(() => undefined);
    if (Number(text?.trim()) === process.pid) await unlink(this.file).catch(() => {});
  }
}
