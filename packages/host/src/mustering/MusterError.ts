/** Refusals of roll calls and musters; nothing changed. */
import { Data } from "effect";

/** Why a roll call or muster request was refused. */
export class MusterError extends Data.TaggedError("MusterError")<{
  readonly code:
    | "UnknownZone"
    | "UnknownGroup"
    | "UnknownReader"
    | "UnknownCardholder"
    | "UnknownMuster"
    | "MusterRunning";
  readonly message: string;
}> {}
