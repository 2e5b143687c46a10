/** What the feed server needs from the host runtime: narrow interfaces, so the runtime composes it. */
import type { PeripheralKey } from "../peripheral/PeripheralKey";
import type {
  ConfigApplied,
  ConfigChange,
  ConfigError,
  ConfigOptions,
  ConfigRefused,
  EngineClock,
  Side,
  Site,
} from "@portcullis/engine";
import type { MultiServer } from "../multi";
import type { Either } from "effect";
import type { Observable } from "rxjs";
import type { Alarms } from "../alarms";
import type { BackupListed, NightlyBackup } from "../backup";
import type { HostEventInput, JournalEvent } from "../events";
import type { SiteRecords } from "../reports/SiteRecords";
import type { CardholderTransfer } from "../transfer/CardholderTransfer";
import type { ApiTokens, JournalHealth } from "../store";
import type { FeedError } from "./FeedError";

/** The site operations the feed uses; the runtime may wrap `configure` to persist the configuration. */
export type FeedSite = Pick<
  Site,
  | "manual"
  | "manualZone"
  | "forgive"
  | "configure"
  | "door"
  | "allDoors"
  | "reader"
  | "pinChart"
  | "doorsSeen$"
> & { readonly config: Site["config"]; readonly policy: Site["policy"] };

/** The journal as clients read it: committed events only (DESIGN §6). */
export interface FeedJournal {
  /** Every event once it is on disk, in `seq` order. */
  readonly committed$: Observable<JournalEvent>;
  /** The last committed `seq`. */
  head(): number;
  /** The oldest `seq` still kept, if any. */
  oldest(): Promise<number | undefined>;
  /** Up to `limit` committed events from `seq` on, inclusive, in order. */
  readFrom(seq: number, limit: number): Promise<ReadonlyArray<JournalEvent>>;
  /** Resolves once every event appended so far, with the facts staged beside it, is committed; rejects if that commit failed. */
  flush(): Promise<void>;
  /** The commit lag and the last commit failure, for `/healthz`. */
  health(): JournalHealth;
}

/** A configuration change that could not be stored, and was undone. */
export interface ConfigNotStoredError {
  readonly _tag: "ConfigNotStored";
  readonly message: string;
}

/** Token verification and administration. */
export type FeedTokens = Pick<ApiTokens, "verify" | "issue" | "revoke" | "list">;

/** Reader and I/O module operations that need the device layer (OSDP lines). */
export interface ReaderDevices {
  /** Puts a reader in install mode for `durationS` seconds (DESIGN §3: SCBK-D, ended by KEYSET). */
  installMode(readerId: string, durationS: number, by: string): Promise<Either.Either<void, FeedError>>;
  /** Puts the OSDP I/O module of `controllerId` in install mode for `durationS` seconds, as a reader. */
  moduleInstallMode(
    controllerId: string,
    durationS: number,
    by: string,
  ): Promise<Either.Either<void, FeedError>>;
}

/** A card presented to a simulated reader: its decimal number, or raw bits in transmission order. */
export type SimCard = { readonly number: bigint } | { readonly bits: string };

/** Simulated hardware of the demo site (DESIGN §8 `sim.*`). */
export interface SimControls {
  swipe(readerId: string, card: SimCard): Either.Either<void, FeedError>;
  pin(readerId: string, keys: string): Either.Either<void, FeedError>;
  door(doorId: string, open: boolean): Either.Either<void, FeedError>;
  rex(doorId: string, side: Side): Either.Either<void, FeedError>;
}

/** Structured logging: one JSON object per entry is the runtime's business. */
export interface FeedLogger {
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** On-demand backups of the database (seed "Backup and restore"), those kept, and the nightly one. */
export interface FeedBackups {
  /** Takes a backup now for `by`; resolves with the file written. */
  now(by: string): Promise<{ readonly file: string; readonly bytes: number; readonly journalSeq: number }>;
  /** The backups kept, newest first. */
  list(): Promise<ReadonlyArray<BackupListed>>;
  /** The nightly backup, or undefined when it is off. */
  nightly(): NightlyBackup | undefined;
}

/** The alarms as the feed reads and acknowledges them. */
export type FeedAlarms = Pick<Alarms, "list" | "acknowledge" | "changes$" | "settled">;

/** Everything the feed server reads and drives. */
export interface FeedBackend {
  readonly site: FeedSite;
  readonly journal: FeedJournal;
  /** Gives a host event the next `seq` and appends it to the journal the site's events go to. */
  readonly recordHostEvent: (event: HostEventInput) => void;
  readonly tokens: FeedTokens;
  /** Wall time for rate limits, token expiry and host events (production: `systemClock`). */
  readonly clock: EngineClock;
  /** Absent: `reader.installMode` and `io.installMode` answer `NotAvailable`. */
  readonly devices?: ReaderDevices;
  /**
   * Applies a configuration change set, all or nothing, and resolves once it is stored (`config.*`
   * answers only then); a set that cannot be stored is undone and refused `ConfigNotStored`. The
   * runtime's `ConfigWriter.apply`.
   */
  readonly configure: (
    changes: ReadonlyArray<ConfigChange>,
    by: string,
    options?: ConfigOptions,
  ) => Promise<Either.Either<ConfigApplied, ConfigError | ConfigRefused | ConfigNotStoredError>>;
  /** Only in demo mode; absent: `sim.*` answers `NotAvailable`. */
  readonly sim?: SimControls;
  /** Reports, event history, roll calls and musters; absent: their commands answer `NotAvailable`. */
  readonly records?: SiteRecords;
  /** The external peripheral key; absent: `peripheral.*` answer `NotAvailable`. */
  readonly peripheralKey?: PeripheralKey;
  /** Absent: `backup.now` answers `NotAvailable`. */
  readonly backups?: FeedBackups;
  /** Cardholder import, export and undo import; absent: their commands answer `NotAvailable`. */
  readonly transfer?: Pick<CardholderTransfer, "import" | "undoImport" | "exportCsv" | "uploads">;
  /**
   * The host's alarms (issue 13). Absent: the `alarms` topic sends nothing and `alarm.acknowledge`
   * only checks that the journal holds an alarm event at its `seq`.
   */
  readonly alarms?: FeedAlarms;
  /** Absent: `multi.*` answers `NotAvailable`. */
  readonly multi?: Pick<
    MultiServer,
    | "status"
    | "issueKey"
    | "revokeKey"
    | "addSub"
    | "removeSub"
    | "doors"
    | "events"
    | "command"
    | "remote$"
    | "remoteNow"
  >;
}
