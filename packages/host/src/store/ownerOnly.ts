/** The site's files are its owner's alone: the database, its WAL and shared memory, the lock, created mode 0600. */
import { chmod, open } from "node:fs/promises";

const isMissing = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === "ENOENT";

/**
 * Creates `path` mode 0600 if absent, and takes group and other access away if present (a file left
 * by an older version). SQLite creates a database's WAL and shared-memory files with the database
 * file's own mode; those already there are narrowed too.
 */
export const ownerOnly = async (path: string, companions: ReadonlyArray<string> = []): Promise<void> => {
  const handle = await open(path, "a", 0o600);
  try {
    await handle.chmod(0o600);
  } finally {
    await handle.close();
  }
  for (const suffix of companions)
    await chmod(`${path}${suffix}`, 0o600).catch((e: unknown) => {
      if (!isMissing(e)) throw e;
    });
};
