/** Reader commands: a door's pin chart, a reader's last read for enrolment, install mode (of readers and I/O modules). */
import { MAX_INSTALL_MODE_MS } from "@portcullis/protocols";
import { Either, Schema } from "effect";
import { FeedError } from "../FeedError";
import { type CommandSpec, defineCommand, notAvailable } from "./Command";

const unknownReader = (readerId: string) =>
  Either.left(new FeedError({ code: "UnknownReader", message: `unknown reader "${readerId}"` }));

// How long install mode lasts, in seconds: the device layer's limit.
const installModeDuration = Schema.Int.pipe(Schema.between(1, MAX_INSTALL_MODE_MS / 1000));

/** `door.pinChart`, `reader.lastCard`, `door.lastCard`, `reader.installMode` and `io.installMode`. */
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
  /**
   * The manual's "Get last swiped card data from the door's reader(s)": the latest read at any reader of the
   * door, with the reader and side it came from; null if none has read a card since the start.
   */
  "door.lastCard": defineCommand(
    "operator",
    Schema.Struct({ doorId: Schema.String }),
    ({ doorId }, { backend }) => {
      const door = backend.site.config.doors.find((d) => d.id === doorId);
      if (door === undefined)
        return Either.left(new FeedError({ code: "UnknownDoor", message: `unknown door "${doorId}"` }));
      if (door.type === "monitoring")
        return Either.left(new FeedError({ code: "NoReader", message: `door "${doorId}" has no reader` }));
      const reads = [...door.sides.A.readers, ...door.sides.B.readers].flatMap((r) => {
        const reader = backend.site.reader(r.id);
        return reader?.lastRead === undefined
          ? []
          : [{ readerId: r.id, side: reader.side, ...reader.lastRead }];
      });
      return Either.right(
        reads.reduce<(typeof reads)[number] | null>((a, b) => (a === null || b.at >= a.at ? b : a), null),
      );
    },
  ),
  // DESIGN §3: only an admin puts a reader in install mode, since it accepts the well-known SCBK-D.
  "reader.installMode": defineCommand(
    "admin",
    Schema.Struct({ readerId: Schema.String, durationS: installModeDuration }),
    async ({ readerId, durationS }, { backend, by }) => {
      if (backend.devices === undefined) return notAvailable("install mode");
      if (backend.site.reader(readerId) === undefined) return unknownReader(readerId);
      return backend.devices.installMode(readerId, durationS, by);
    },
  ),
  // The same for a controller's OSDP I/O module with Secure Channel: a factory-fresh module gets its key so.
  "io.installMode": defineCommand(
    "admin",
    Schema.Struct({ controllerId: Schema.String, durationS: installModeDuration }),
    async ({ controllerId, durationS }, { backend, by }) => {
      if (backend.devices === undefined) return notAvailable("install mode");
      if (!backend.site.config.controllers.some((c) => c.id === controllerId))
        return Either.left(
          new FeedError({ code: "UnknownController", message: `unknown controller "${controllerId}"` }),
        );
      return backend.devices.moduleInstallMode(controllerId, durationS, by);
    },
  ),
};
