/**
 * Cardholder import and export over the feed (seed "Import and export", admin): `config.import`
 * with the CSV text (or an upload of it in parts) and the import settings, `config.export`,
 * `config.undoImport`.
 */
import { Either, Schema } from "effect";
import { FLAG_FIELDS, LIST_FIELDS, TEXT_FIELDS } from "../../transfer/columns";
import { ImportError } from "../../transfer/ImportError";
import { ImportOptions } from "../../transfer/ImportOptions";
import type { UploadError } from "../../transfer/ImportUploads";
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

const uploadRefusal = (e: UploadError): FeedError => new FeedError({ code: e.code, message: e.message });

/**
 * `config.import {csv | uploadId, mode, header?, delimiter?, identifier?, cardNumbers?, columns?}`
 * → `{added, updated, removed, warnings}`, or error `ImportError` with `issues: [{line, field,
 * message}]`, every bad row; a file larger than a message goes in parts: `config.importBegin {}` →
 * `{uploadId, maxChars}`, then `config.importPart {uploadId, index, text}` → `{chars}` for index 0,
 * 1, 2, …; `config.export {}` → `{csv}`; `config.undoImport {}` → `{warnings}`;
 * `config.importColumns {}` → `{columns}`, the standard headings an import maps a column to (the
 * site's custom fields are the others).
 */
export const transferCommands: Readonly<Record<string, CommandSpec>> = {
  "config.import": defineCommand(
    "admin",
    Schema.Struct({
      csv: Schema.optional(Schema.String),
      uploadId: Schema.optional(Schema.String),
      ...ImportOptions.fields,
    }),
    async ({ csv, uploadId, ...options }, { backend, by }) => {
      if (backend.transfer === undefined) return notAvailable("cardholder import");
      if ((csv === undefined) === (uploadId === undefined))
        return Either.left(
          new FeedError({ code: "BadCommand", message: "give the file as either csv or uploadId" }),
        );
      const text = uploadId === undefined ? Either.right(csv!) : backend.transfer.uploads.take(uploadId, by);
      if (Either.isLeft(text)) return Either.left(uploadRefusal(text.left));
      return Either.mapLeft(await backend.transfer.import(text.right, options, by), refusal);
    },
  ),
  "config.importBegin": defineCommand("admin", Schema.Struct({}), (_, { backend, by }) =>
    backend.transfer === undefined
      ? notAvailable("cardholder import")
      : Either.mapLeft(backend.transfer.uploads.begin(by), uploadRefusal),
  ),
  "config.importPart": defineCommand(
    "admin",
    Schema.Struct({ uploadId: Schema.String, index: Schema.NonNegativeInt, text: Schema.String }),
    ({ uploadId, index, text }, { backend, by }) =>
      backend.transfer === undefined
        ? notAvailable("cardholder import")
        : Either.mapLeft(backend.transfer.uploads.append(uploadId, by, index, text), uploadRefusal),
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
