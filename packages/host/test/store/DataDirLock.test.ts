/** The data directory lock: one holder at a time, in this process too; released, it can be taken again. */
import { describe, expect, it } from "vitest";
import { DataDirInUse, DataDirLock } from "../../src/store";
import { useTempDir } from "./tempDir";

const dir = useTempDir();

describe("DataDirLock", () => {
  it("refuses a second holder until the first lets go", async () => {
    const first = await DataDirLock.acquire(dir());
    await expect(DataDirLock.acquire(dir())).rejects.toBeInstanceOf(DataDirInUse);
    await first.release();
    const again = await DataDirLock.acquire(dir());
    await again.release();
  });
});
