/** Why an alarm cannot be acknowledged. */
import { Data } from "effect";

export class AlarmError extends Data.TaggedError("AlarmError")<{
  readonly code: "UnknownAlarm" | "AlreadyAcknowledged";
  readonly message: string;
}> {}
