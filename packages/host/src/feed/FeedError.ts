/** Typed errors of the WebSocket protocol: every refused message or command is answered with one. */
import type { CommandRefused, ConfigError, ConfigRefused, InputRejected } from "@portcullis/engine";
import { Data } from "effect";
import type { MultiErrorCode } from "../multi/MultiError";
import type { ImportIssue } from "../transfer/ImportError";
import type { UploadError } from "../transfer/ImportUploads";

/** Error codes of the feed itself; engine refusals keep their own codes (`NoLock`, `DoorInLockdown`, …). */
export type FeedErrorCode =
  /** Not JSON, not an object, or a binary frame. */
  | "BadMessage"
  /** An unknown message or command type. */
  | "UnknownCommand"
  /** Missing or invalid fields. */
  | "BadCommand"
  /** No valid `hello` yet, or the token was refused. */
  | "Unauthorized"
  /** The token's role does not allow this command. */
  | "Forbidden"
  /** Over the per-connection message rate. */
  | "RateLimited"
  /** `resumeFrom` is older than the journal keeps. */
  | "ResumeGap"
  /** The command needs something this host does not run (devices, demo simulation). */
  | "NotAvailable"
  /** `alarm.acknowledge` of a `seq` that is not an alarm in the journal. */
  | "UnknownAlarm"
  /** `alarm.acknowledge` of an alarm already acknowledged (or being acknowledged right now). */
  | "AlreadyAcknowledged"
  /** `token.revoke` of no live token. */
  | "UnknownToken"
  /** `token.revoke` of the last live admin token: nobody could administer the host after it. */
  | "LastAdminToken"
  /** A failure inside the host; the message says no more than needed. */
  | "Internal"
  /** Roll calls and musters (issue 12): an unknown group, cardholder or muster, or a muster already running. */
  | "UnknownGroup"
  | "UnknownCardholder"
  | "UnknownMuster"
  | "MusterRunning"
  /** `door.lastCard` on a monitoring door, which has no reader. */
  | "NoReader"
  /** A cardholder import refused: the message names every bad row's line and column; nothing changed. */
  | "ImportError"
  /** `config.undoImport` with no import to undo. */
  | "NoImportToUndo"
  /** An import file sent in parts: unknown or expired upload, a part out of order, too large, too many open. */
  | UploadError["code"]
  /** Multi-server pairing refusals (`multi.*`). */
  | MultiErrorCode
  | ConfigError["_tag"]
  /** `config.*`: a removal others use (`InUse`), a change that would stop credentials (`WouldDenyCredentials`). */
  | ConfigRefused["code"]
  /** `config.copyDoor`: the new door's id is taken, or its controller runs no more doors. */
  | "DoorExists"
  | "UnknownController"
  | "ControllerFull"
  | InputRejected["code"]
  | CommandRefused["code"];

/** A refusal as sent to the client: `{code, message}`. */
export class FeedError extends Data.TaggedError("FeedError")<{
  readonly code: FeedErrorCode;
  readonly message: string;
  /** An `ImportError`'s every bad row, beyond the ones its message spells out, for a client to list. */
  readonly issues?: ReadonlyArray<ImportIssue>;
}> {
  /** The wire form of DESIGN §8, with `issues` added when there are some. */
  toWire(): {
    readonly code: FeedErrorCode;
    readonly message: string;
    readonly issues?: ReadonlyArray<ImportIssue>;
  } {
    return { code: this.code, message: this.message, ...(this.issues && { issues: this.issues }) };
  }
}

/** A feed error from an engine refusal; a configuration error's message names the field. */
export const fromEngineError = (e: InputRejected | CommandRefused | ConfigError | ConfigRefused): FeedError =>
  new FeedError({ code: e._tag === "ConfigError" ? "ConfigError" : e.code, message: e.message });
