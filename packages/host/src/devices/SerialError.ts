/** The typed failure of a serial line, with the serialport exception mapped at the boundary. */
import { Data } from "effect";

/** What was being done when the port failed. */
export type SerialOperation = "open" | "write" | "close" | "read";

/** A serial port operation failed, or the port disappeared (`operation: "read"`); `cause` keeps the original error. */
export class SerialError extends Data.TaggedError("SerialError")<{
  readonly path: string;
  readonly operation: SerialOperation;
  readonly message: string;
  readonly cause: unknown;
}> {}

/** Maps anything serialport reports to a `SerialError` naming the port and the operation. */
export const toSerialError =
  (path: string, operation: SerialOperation) =>
  (cause: unknown): SerialError =>
    cause instanceof SerialError
      ? cause
      : new SerialError({
          path,
          operation,
          message: `${operation} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
        });
