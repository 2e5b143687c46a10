/** Why a multi-server step was refused: one typed error with a code the CLI and the feed both show. */
import { Data } from "effect";

/** The reasons a multi-server step is refused. */
export type MultiErrorCode =
  /** A sub server (its configuration key is active) cannot become a main server. */
  | "IsSubServer"
  /** A main server with sub servers cannot become a sub server. */
  | "IsMainServer"
  /** The main already has its 64 sub servers. */
  | "TooManySubServers"
  /** The configuration key file cannot be read or is not one. */
  | "BadKeyFile"
  /** The key was imported before (its one-time secret is used). */
  | "KeyAlreadyImported"
  /** The key is this server's own. */
  | "OwnKey"
  /** Another sub server has this name. */
  | "DuplicateName"
  /** No sub server has this name. */
  | "UnknownSubServer"
  /** Nothing to revoke: this server has no configuration key. */
  | "NotASubServer"
  /** Aggregated monitoring runs on a main server connected to NATS. */
  | "NotAMainServer"
  /** A global entity replicated from the main is read-only on a sub. */
  | "GlobalReadOnly";

/** A refused multi-server step; nothing was changed. */
export class MultiError extends Data.TaggedError("MultiError")<{
  readonly code: MultiErrorCode;
  readonly message: string;
}> {
  static of(code: MultiErrorCode, message: string): MultiError {
    return new MultiError({ code, message });
  }
}

/** The most sub servers one main serves (seed "Multi server": "up to 64 sub servers"). */
export const MAX_SUB_SERVERS = 64;
