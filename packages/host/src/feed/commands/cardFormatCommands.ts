/** The site's card-format library over the feed: what the console's card-format page lists and edits. */
import { isPredefinedCardFormat, siteCardFormatLibrary } from "@portcullis/protocols";
import { Either, Schema } from "effect";
import { FeedError } from "../FeedError";
import { type CommandSpec, defineCommand } from "./Command";

/**
 * `config.cardFormatLibrary` (viewer): every format of the site, predefined and custom, in library
 * order, each with whether it is active. The `cardFormats` setting lists only what differs from the
 * predefined library, so a client could not tell the formats, their lengths or their defaults from it.
 */
export const cardFormatCommands: Readonly<Record<string, CommandSpec>> = {
  "config.cardFormatLibrary": defineCommand("viewer", Schema.Struct({}), (_, { backend }) =>
    Either.match(siteCardFormatLibrary(backend.site.config.cardFormats), {
      onLeft: (issue) =>
        Either.left(new FeedError({ code: "ConfigError", message: `${issue.field}: ${issue.message}` })),
      onRight: (library) =>
        Either.right(
          library.map(({ format, active }) => ({
            ...format,
            active,
            predefined: isPredefinedCardFormat(format.name),
          })),
        ),
    }),
  ),
};
