/** Database backups on demand (admin): `backup.now` answers with the file written. */
import { basename } from "node:path";
import { Either, Schema } from "effect";
import { FeedError } from "../FeedError";
import { type CommandSpec, defineCommand, notAvailable } from "./Command";

/** `backup.now {}` → `{file, bytes, journalSeq}` (`file`: the name in `DATA/backups/`). */
export const backupCommands: Readonly<Record<string, CommandSpec>> = {
  "backup.now": defineCommand("admin", Schema.Struct({}), async (_, { backend, by }) => {
    if (backend.backups === undefined) return notAvailable("backup");
    try {
      const written = await backend.backups.now(by);
      return Either.right({
        file: basename(written.file),
        bytes: written.bytes,
        journalSeq: written.journalSeq,
      });
    } catch (e) {
      return Either.left(
        new FeedError({ code: "Internal", message: `backup failed: ${(e as Error).message}` }),
      );
    }
  }),
};
