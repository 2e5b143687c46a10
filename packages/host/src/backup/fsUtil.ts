/** File-system helpers the backup module shares. */

/** Whether `e` is a Node system error with `code` (`ENOENT`, `EPERM`, …). */
export const isCode = (e: unknown, code: string): boolean => (e as { code?: unknown } | null)?.code === code;

/** An instant as a compact UTC stamp for file names (`20261206T021714.123Z`): they sort by time. */
export const timeStamp = (at: number): string => new Date(at).toISOString().replace(/[-:]/g, "");
