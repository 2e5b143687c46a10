/** The one way feed commands change the configuration: a change set through the runtime's `ConfigWriter`. */
import type { ConfigChange, ConfigError, ConfigOptions, ConfigRefused } from "@portcullis/engine";
import { Either } from "effect";
import { FeedError, fromEngineError } from "../FeedError";
import type { CommandContext, CommandOutcome } from "./Command";

/**
 * Applies a change set through the runtime's one entry point and answers once it is stored:
 * `{warnings, changed}`, every entity changed (cascades included) with its fields before and after.
 * A refusal names the field, the users (`InUse`) or the count (`WouldDenyCredentials`); a set that
 * could not be stored is undone and answered `Internal`.
 */
export const applyChanges = async (
  changes: ReadonlyArray<ConfigChange>,
  { backend, by }: CommandContext,
  options: ConfigOptions = {},
): Promise<CommandOutcome> =>
  Either.mapBoth(await backend.configure(changes, by, options), {
    onLeft: (e) =>
      e._tag === "ConfigNotStored"
        ? new FeedError({ code: "Internal", message: e.message })
        : fromEngineError(e as ConfigError | ConfigRefused),
    onRight: ({ warnings, changed }) => ({ warnings, changed }),
  });
