/** Database backups (admin): `backup.now` answers with the file written, `backup.list` with those kept. */
import { basename } from "node:path";
import { Either, Schema } from "effect";
import { FeedError } from "../FeedError";
import { type CommandSpec, defineCommand, notAvailable } from "./Command";

/**
 * `backup.now {}` → `{file, bytes, journalSeq}` (`file`: the name in `DATA/backups/`);
 * `backup.list {}` → `{backups: [{file, bytes, at}], nightly: {at, nextRunAt?} | null}`, newest first.
 */
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
  "backup.list": defineCommand("admin", Schema.Struct({}), async (_, { backend }) => {
    if (backend.backups === undefined) return notAvailable("backup");
    return Either.right({
      backups: await backend.backups.list(),
      nightly: backend.backups.nightly() ?? null,
    });
  }),
};
