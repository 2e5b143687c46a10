/** The typed refusal of a command to the device layer or a simulated device. */
import { Data, Either } from "effect";

/** A device command was refused and changed nothing. */
export class DeviceCommandError extends Data.TaggedError("DeviceCommandError")<{
  readonly code: "UnknownReader" | "UnknownModule" | "NoSecureChannel" | "InvalidDuration" | "NotStarted";
  readonly message: string;
}> {}

/** A refusal as an Either's left. */
export const refuseCommand = (code: DeviceCommandError["code"], message: string) =>
  Either.left(new DeviceCommandError({ code, message }));
