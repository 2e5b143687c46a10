/** The typed failure of every persistence operation, with foreign exceptions mapped at the boundary. */
import { Data } from "effect";

/** A storage operation failed; `cause` keeps the original exception (an sqlite3 or node:fs error). */
export class StoreError extends Data.TaggedError("StoreError")<{
  readonly message: string;
  readonly cause: unknown;
}> {}

/** Maps anything thrown by a foreign API to a `StoreError` that says what was being done. */
export const toStoreError =
  (doing: string) =>
  (cause: unknown): StoreError =>
    cause instanceof StoreError
      ? cause
      : new StoreError({
          message: `${doing}: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
        });
