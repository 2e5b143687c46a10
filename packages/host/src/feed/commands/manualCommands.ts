/** Operators' manual actions: the slot table on doors and zones (DESIGN §4), anti-passback forgive. */
import type { ManualCommand } from "@portcullis/engine";
import { Either, Schema } from "effect";
import { fromEngineError } from "../FeedError";
import { type CommandOutcome, type CommandSpec, defineCommand, onceStored } from "./Command";

const MANUAL: ReadonlyArray<ManualCommand> = ["reset", "grant", "unlock", "lock", "lockdown"];

const DoorTarget = Schema.Struct({ doorId: Schema.String });
const ZoneTarget = Schema.Struct({ zoneId: Schema.String });

const outcome = (result: Either.Either<void, Parameters<typeof fromEngineError>[0]>): CommandOutcome =>
  Either.mapBoth(result, { onLeft: fromEngineError, onRight: () => undefined });

/** `door.<action>` and `zone.<action>` for the five manual commands, and `apb.forgive`. */
export const manualCommands: Readonly<Record<string, CommandSpec>> = {
  ...Object.fromEntries(
    MANUAL.flatMap((action) => [
      [
        `door.${action}`,
        defineCommand("operator", DoorTarget, ({ doorId }, context) =>
          onceStored(outcome(context.backend.site.manual(doorId, action, context.by)), context),
        ),
      ],
      [
        `zone.${action}`,
        defineCommand("operator", ZoneTarget, ({ zoneId }, context) =>
          onceStored(outcome(context.backend.site.manualZone(zoneId, action, context.by)), context),
        ),
      ],
    ]),
  ),
  // Without a cardholder it forgives everybody; without a zone, in every zone.
  "apb.forgive": defineCommand(
    "operator",
    Schema.Struct({
      cardholderId: Schema.optionalWith(Schema.String, { exact: true }),
      zoneId: Schema.optionalWith(Schema.String, { exact: true }),
    }),
    (target, context) => onceStored(outcome(context.backend.site.forgive(target, context.by)), context),
  ),
};
