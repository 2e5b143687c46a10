/**
 * Cardholder import and export over the feed (seed "Import and export", admin): `config.import`
 * with the CSV text and the import settings, `config.export`, `config.undoImport`.
 */
import { Either, Schema } from "effect";
import { FLAG_FIELDS, LIST_FIELDS, TEXT_FIELDS } from "../../transfer/columns";
import { ImportError } from "../../transfer/ImportError";
import { ImportOptions } from "../../transfer/ImportOptions";
import { FeedError, fromEngineError } from "../FeedError";
import { type CommandSpec, defineCommand, notAvailable } from "./Command";

const refusal = (e: { readonly _tag: string; readonly message: string }): FeedError =>
  e instanceof ImportError
    ? new FeedError({ code: e._tag, message: e.message, issues: e.issues })
    : e._tag === "NoImportToUndo"
      ? new FeedError({ code: e._tag, message: e.message })
      : e._tag === "ConfigError"
        ? fromEngineError(e as Parameters<typeof fromEngineError>[0])
        : new FeedError({ code: "Internal", message: e.message });

/**
 * `config.import {csv, mode, header?, delimiter?, identifier?, cardNumbers?, columns?}` →
 * `{added, updated, removed, warnings}`, or error `ImportError` with `issues: [{line, field,
 * message}]`, every bad row; `config.export {}` → `{csv}`; `config.undoImport {}` →
 * `{warnings}`; `config.importColumns {}` → `{columns}`, the standard headings an import maps a
 * column to (the site's custom fields are the others).
 */
export const transferCommands: Readonly<Record<string, CommandSpec>> = {
  "config.import": defineCommand(
    "admin",
    Schema.Struct({ csv: Schema.String, ...ImportOptions.fields }),
    async ({ csv, ...options }, { backend, by }) => {
      if (backend.transfer === undefined) return notAvailable("cardholder import");
      return Either.mapLeft(await backend.transfer.import(csv, options, by), refusal);
    },
  ),
  "config.export": defineCommand("admin", Schema.Struct({}), (_, { backend }) =>
    backend.transfer === undefined
      ? notAvailable("cardholder export")
      : Either.right({ csv: backend.transfer.exportCsv() }),
  ),
  "config.undoImport": defineCommand("admin", Schema.Struct({}), async (_, { backend, by }) => {
    if (backend.transfer === undefined) return notAvailable("undo import");
    return Either.mapBoth(await backend.transfer.undoImport(by), {
      onLeft: refusal,
      onRight: (warnings) => ({ warnings }),
    });
  }),
  "config.importColumns": defineCommand("admin", Schema.Struct({}), () =>
    Either.right({ columns: [...TEXT_FIELDS, ...FLAG_FIELDS, ...LIST_FIELDS] }),
  ),
};
