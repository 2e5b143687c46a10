/** Reader commands: a door's pin chart, a reader's last read for enrolment, install mode. */
import { MAX_INSTALL_MODE_MS } from "@portcullis/protocols";
import { Either, Schema } from "effect";
import { FeedError } from "../FeedError";
import { type CommandSpec, defineCommand, notAvailable } from "./Command";

const unknownReader = (readerId: string) =>
  Either.left(new FeedError({ code: "UnknownReader", message: `unknown reader "${readerId}"` }));

/** `door.pinChart`, `reader.lastCard` and `reader.installMode`. */
export const readerCommands: Readonly<Record<string, CommandSpec>> = {
  "door.pinChart": defineCommand(
    "viewer",
    Schema.Struct({ doorId: Schema.String }),
    ({ doorId }, { backend }) => {
      const chart = backend.site.pinChart(doorId);
      return chart === undefined
        ? Either.left(new FeedError({ code: "UnknownDoor", message: `unknown door "${doorId}"` }))
        : Either.right(chart);
    },
  ),
  // A card number is enough to clone a card: operators (who enrol at the desk) see it, viewers don't.
  "reader.lastCard": defineCommand(
    "operator",
    Schema.Struct({ readerId: Schema.String }),
    ({ readerId }, { backend }) => {
      const reader = backend.site.reader(readerId);
      return reader === undefined ? unknownReader(readerId) : Either.right(reader.lastRead ?? null);
    },
  ),
  // DESIGN §3: only an admin puts a reader in install mode, since it accepts the well-known SCBK-D.
  "reader.installMode": defineCommand(
    "admin",
    Schema.Struct({
      readerId: Schema.String,
      // The device layer's limit, in seconds.
      durationS: Schema.Int.pipe(Schema.between(1, MAX_INSTALL_MODE_MS / 1000)),
    }),
    async ({ readerId, durationS }, { backend, by }) => {
      if (backend.devices === undefined) return notAvailable("install mode");
      if (backend.site.reader(readerId) === undefined) return unknownReader(readerId);
      return backend.devices.installMode(readerId, durationS, by);
    },
  ),
};
