/** Typed errors of the engine: values, never thrown through the public API. */
import { Data } from "effect";

/** One violation in a configuration, named by its path (`doors[1].timing.accessTimeS`). */
export interface ConfigIssue {
  readonly field: string;
  readonly message: string;
}

/** An invalid configuration; `field` and `message` describe the first issue, `issues` all of them. */
export class ConfigError extends Data.TaggedError("ConfigError")<{
  readonly field: string;
  readonly message: string;
  readonly issues: ReadonlyArray<ConfigIssue>;
}> {
  static of(issues: ReadonlyArray<ConfigIssue>): ConfigError {
    const first = issues[0] ?? { field: "", message: "invalid configuration" };
    return new ConfigError({ field: first.field, message: `${first.field}: ${first.message}`, issues });
  }
}

/** An input or command the engine cannot apply; nothing changed. */
export class InputRejected extends Data.TaggedError("InputRejected")<{
  readonly code:
    | "UnknownDoor"
    | "UnknownInput"
    | "UnknownReader"
    | "UnknownZone"
    | "UnknownCardholder"
    | "NoLock"
    | "NoDoorMonitor"
    | "NoRex"
    | "NotSupervised";
  readonly message: string;
}> {}

/** A manual command refused by the slot table (DESIGN §4). */
export class CommandRefused extends Data.TaggedError("CommandRefused")<{
  readonly code: "DoorInLockdown";
  readonly message: string;
}> {}

/**
 * A configuration change that is valid but refused for the people it would hurt: a removal that
 * would leave references behind (`InUse`, allowed with `cascade`) or one that would make currently
 * valid credentials unusable wholesale (`WouldDenyCredentials`, allowed with `force`). Nothing changed.
 */
export class ConfigRefused extends Data.TaggedError("ConfigRefused")<{
  readonly code: "InUse" | "WouldDenyCredentials";
  readonly message: string;
  /** `InUse`: the entities that use what was to be removed, as `rule "night"`. */
  readonly users?: ReadonlyArray<string>;
  /** `WouldDenyCredentials`: how many credentials would stop working. */
  readonly count?: number;
}> {}
