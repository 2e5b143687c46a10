/** `config.copyDoor`: a new door from an existing door's configuration (seed "Copy configuration"), as one change set. */
import { doorCopyChanges } from "@portcullis/engine";
import { Either, Schema } from "effect";
import { FeedError } from "../FeedError";
import { type CommandSpec, defineCommand } from "./Command";
import { applyChanges } from "./applyChanges";

/** `config.copyDoor {fromDoorId, id, name, controllerId, overrides?}` (admin). */
export const copyDoorCommand: Readonly<Record<string, CommandSpec>> = {
  "config.copyDoor": defineCommand(
    "admin",
    Schema.Struct({
      fromDoorId: Schema.String,
      id: Schema.NonEmptyString,
      name: Schema.String,
      controllerId: Schema.String,
      overrides: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), {
        exact: true,
      }),
    }),
    (request, context) => {
      const { config, policy } = context.backend.site;
      const changes = doorCopyChanges(config, policy, request);
      return Either.isLeft(changes)
        ? Either.left(new FeedError({ code: changes.left.code, message: changes.left.message }))
        : applyChanges(changes.right, context);
    },
  ),
};
