/** The typed failure of a backup or a restore: the message says what an admin must know. */
import { Data } from "effect";

/** A backup could not be written, or a file was refused for a restore (nothing was changed). */
export class BackupError extends Data.TaggedError("BackupError")<{
  readonly message: string;
  readonly cause: unknown;
}> {}
