/**
 * A running host's part in a multi-server system: as a main it publishes its global entities and
 * watches its subs' heartbeats; as a sub it applies the main's globals, refuses local edits of
 * them and sends heartbeats. The role comes from the store and may change at runtime (a key
 * generated or revoked, a first sub imported); NATS is reached at `--nats URL`.
 */
import { Either } from "effect";
import { Subject, type Observable, type Subscription } from "rxjs";
import type { ConfigChange, EngineClock, Site } from "@portcullis/engine";
import type { Logger } from "../runtime/logger";
import type { Database } from "../store";
import { parseConfigurationKey, type ConfigurationKey } from "./ConfigurationKey";
import { GlobalPublisher } from "./GlobalPublisher";
import { GlobalReplica } from "./GlobalReplica";
import { encodeCardholder, encodeGroup } from "./GlobalRecord";
import { refuseLocalEdit } from "./globalGuard";
import { Heartbeat } from "./Heartbeat";
import { MultiError } from "./MultiError";
import { MultiState, type MultiRole, type SubServer } from "./MultiState";
import { NatsLink } from "./NatsLink";
import {
  importKey,
  issueKey,
  removeSub,
  revokeKey,
  writeNatsConfig,
  type NatsConfigFile,
  type SubAddress,
} from "./pairing";
import { SubStatus, type SubConnection } from "./SubStatus";
import { RemoteAccess, type RemoteResult } from "./RemoteAccess";
import { MonitorPublisher, type MonitoredJournal } from "./MonitorPublisher";
import { RemoteMonitor, type RemoteUpdate } from "./RemoteMonitor";
import {
  RemoteServers,
  type Aggregated,
  type RemoteCommandInput,
  type ServerDoor,
  type ServerEvent,
} from "./RemoteServers";
import type { EventQuery } from "../history/EventQuery";
import type { SiteRecords } from "../reports/SiteRecords";

/** How the host takes part. */
export interface MultiServerOptions {
  /** The NATS server (`nats://HOST:PORT`); without it the host pairs but does not connect. */
  readonly natsUrl?: string;
  readonly site: Site;
  readonly db: Database;
  /** Resolves once the site as it is now is stored. */
  readonly saved: () => Promise<void>;
  readonly clock: EngineClock;
  readonly logger: Logger;
  /** The host's event history, searched by an aggregated search (absent: no events from this host). */
  readonly records?: SiteRecords;
  /** The host's journal: a sub publishes its committed events and door changes to its main (absent: it does not). */
  readonly journal?: MonitoredJournal;
}

/** A sub in the main's list (seed: Name, Host, Port, Status). */
export interface SubServerStatus {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly serverId: string;
  readonly status: SubConnection;
}

/** What `multi.status` answers. */
export interface MultiStatus {
  readonly role: MultiRole["role"];
  readonly serverId?: string;
  /** Whether this host's NATS connection is up (false without `--nats`). */
  readonly nats: boolean;
  /** On a sub: the main's site name, once heard from; and the stream sequence applied. */
  readonly origin?: string;
  readonly cursor?: number;
  /** On a main: its subs. */
  readonly subs?: ReadonlyArray<SubServerStatus>;
}

interface Worker {
  readonly link: NatsLink;
  readonly publisher?: GlobalPublisher;
  readonly status?: SubStatus;
  readonly replica?: GlobalReplica;
  readonly heartbeat?: Heartbeat;
  readonly remote?: RemoteServers;
  readonly access?: RemoteAccess;
  readonly monitor?: RemoteMonitor;
  readonly monitorSubscription?: Subscription;
  readonly monitorPublisher?: MonitorPublisher;
}

/** The multi-server part of a running host. */
export class MultiServer {
  readonly state: MultiState;
  private role: MultiRole = { role: "none" };
  private worker: Worker | undefined;
  /** One role change at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly remoteUpdates = new Subject<RemoteUpdate>();

  private constructor(private readonly options: MultiServerOptions) {
    this.state = new MultiState(options.db);
  }

  static async start(options: MultiServerOptions): Promise<MultiServer> {
    const m = new MultiServer(options);
    await m.restart();
    return m;
  }

  /** The running publisher (main) or replica (sub), for tests and the bench. */
  get publisher(): GlobalPublisher | undefined {
    return this.worker?.publisher;
  }

  get replica(): GlobalReplica | undefined {
    return this.worker?.replica;
  }

  /** Why a local configuration change is refused here (a sub's global entities), if it is. */
  refuse(change: ConfigChange): MultiError | undefined {
    if (this.role.role !== "sub") return undefined;
    return refuseLocalEdit(
      change,
      this.options.site.policy,
      this.worker?.replica?.origin ?? this.role.origin,
    );
  }

  async status(): Promise<MultiStatus> {
    const role = this.role;
    const nats = this.worker?.link.connection$.value !== undefined;
    if (role.role === "sub") {
      const origin = this.worker?.replica?.origin ?? role.origin;
      return {
        role: "sub",
        serverId: role.key.serverId,
        nats,
        ...(origin !== undefined && { origin }),
        cursor: this.worker?.replica?.applied ?? (await this.state.cursor()),
      };
    }
    if (role.role === "main") {
      const subs = (await this.state.subs()).map((s) => ({
        name: s.name,
        host: s.host,
        port: s.port,
        serverId: s.serverId,
        status: this.worker?.status?.of(s.serverId).status ?? "Disconnected",
      }));
      return { role: "main", serverId: role.serverId, nats, subs };
    }
    return { role: "none", nats };
  }

  /** Generates this server's configuration key (it becomes a sub). */
  issueKey(): Promise<Either.Either<ConfigurationKey, MultiError>> {
    return this.changing(() =>
      issueKey(this.state, this.options.site.config.name, new Date(this.options.clock.now())),
    );
  }

  /**
   * Revokes this server's key. Globals still held from the main stay, as local entities: the
   * people keep their access here, and nothing looks like a global of this server's own.
   */
  revokeKey(): Promise<Either.Either<void, MultiError>> {
    return this.changing(async () => {
      const revoked = await revokeKey(this.state);
      if (Either.isRight(revoked)) await this.keepGlobalsAsLocal();
      return revoked;
    });
  }

  private async keepGlobalsAsLocal(): Promise<void> {
    const { site, logger } = this.options;
    const changes: ConfigChange[] = [
      ...site.policy.cardholders
        .filter((c) => c.global)
        .map(
          (c) =>
            ({ op: "put", entity: "cardholder", value: { ...encodeCardholder(c), global: false } }) as const,
        ),
      ...site.policy.groups
        .filter((g) => g.global)
        .map((g) => ({ op: "put", entity: "group", value: { ...encodeGroup(g), global: false } }) as const),
    ];
    for (const change of changes) {
      const result = site.configure(change, "multi-server revoke");
      if (Either.isLeft(result)) logger.warn("a global stays global", { error: result.left.message });
    }
    if (changes.length > 0) await this.options.saved();
  }

  /** Imports a sub's key file text (this server becomes the main) and rewrites the nats-server configuration. */
  addSub(keyText: string, address: SubAddress): Promise<Either.Either<SubServer, MultiError>> {
    return this.changing(async () => {
      const key = parseConfigurationKey(keyText);
      if (Either.isLeft(key)) return Either.left(key.left);
      const added = await importKey(this.state, key.right, address, this.options.clock.now());
      if (Either.isRight(added)) await writeNatsConfig(this.state, undefined);
      return added;
    });
  }

  /** Removes a sub by name and rewrites the nats-server configuration without its user. */
  removeSub(name: string): Promise<Either.Either<SubServer, MultiError>> {
    return this.changing(async () => {
      const removed = await removeSub(this.state, name, this.options.clock.now());
      if (Either.isRight(removed)) await writeNatsConfig(this.state, undefined);
      return removed;
    });
  }

  /** Every server's doors (seed step 6), on a main. */
  async doors(): Promise<Either.Either<Aggregated<ServerDoor>, MultiError>> {
    const remote = this.remote();
    return Either.isLeft(remote) ? Either.left(remote.left) : Either.right(await remote.right.doors());
  }

  /** One event search over every server (seed step 7), on a main. */
  async events(query: EventQuery): Promise<Either.Either<Aggregated<ServerEvent>, MultiError>> {
    const remote = this.remote();
    return Either.isLeft(remote) ? Either.left(remote.left) : Either.right(await remote.right.events(query));
  }

  /**
   * On a main, the subs' statuses, door snapshots and events as they change (the feed's `servers`
   * topic); the subs become an empty list when this host stops being a main.
   */
  get remote$(): Observable<RemoteUpdate> {
    return this.remoteUpdates;
  }

  /** What a new `servers` subscriber is sent first: the subs (none unless a main), then every door known. */
  remoteNow(): ReadonlyArray<RemoteUpdate> {
    return this.worker?.monitor?.current() ?? [{ type: "servers", servers: [] }];
  }

  /** A manual door or zone command on the server named `server`, run there. */
  async command(
    server: string,
    command: RemoteCommandInput,
    by: string,
  ): Promise<Either.Either<RemoteResult, MultiError>> {
    const remote = this.remote();
    if (Either.isLeft(remote)) return Either.left(remote.left);
    try {
      return Either.right(await remote.right.command(server, command, by));
    } catch (e) {
      if (e instanceof MultiError) return Either.left(e);
      throw e;
    }
  }

  private remote(): Either.Either<RemoteServers, MultiError> {
    const remote = this.worker?.remote;
    return remote === undefined
      ? Either.left(
          MultiError.of("NotAMainServer", "aggregated monitoring runs on a main server started with --nats"),
        )
      : Either.right(remote);
  }

  /** Writes the nats-server configuration to `settings.file` (this server becomes the main) and remembers where. */
  writeNatsConfig(settings: NatsConfigFile): Promise<Either.Either<NatsConfigFile | undefined, MultiError>> {
    return this.changing(() => writeNatsConfig(this.state, settings));
  }

  async stop(): Promise<void> {
    await this.queue;
    await this.stopWorker();
  }

  private changing<A>(step: () => Promise<A>): Promise<A> {
    const result = this.queue.then(async () => {
      const out = await step();
      const before = this.role;
      const after = await this.state.role();
      if (JSON.stringify(before) !== JSON.stringify(after)) await this.restartLocked();
      return out;
    });
    this.queue = result.catch(() => {});
    return result;
  }

  private restart(): Promise<void> {
    const result = this.queue.then(() => this.restartLocked());
    this.queue = result.catch(() => {});
    return result;
  }

  private async restartLocked(): Promise<void> {
    await this.stopWorker();
    this.role = await this.state.role();
    const { natsUrl, site, clock, logger } = this.options;
    if (natsUrl === undefined || this.role.role === "none") return;
    const role = this.role;
    const credentials =
      role.role === "main"
        ? { user: role.natsUser, password: role.natsPassword }
        : { user: role.key.nats.user, password: role.key.nats.password };
    const link = new NatsLink({ url: natsUrl, ...credentials, clock, logger });
    if (role.role === "main") {
      const publisher = await GlobalPublisher.start({ site, state: this.state, link, clock, logger });
      const status = new SubStatus(link, clock);
      const remote = new RemoteServers(link, role.natsUser, this.state, status, site, this.options.records);
      const monitor = new RemoteMonitor(
        link,
        this.state,
        status,
        (sub) => remote.doorsOf(sub),
        clock,
        logger,
      );
      const monitorSubscription = monitor.updates$.subscribe((u) => this.remoteUpdates.next(u));
      this.worker = { link, publisher, status, remote, monitor, monitorSubscription };
    } else {
      const replica = await GlobalReplica.start({
        site,
        saved: this.options.saved,
        state: this.state,
        link,
        clock,
        logger,
      });
      const heartbeat = new Heartbeat(link, clock, () => ({
        serverId: role.key.serverId,
        siteName: site.config.name,
        cursor: replica.applied,
      }));
      const { journal } = this.options;
      const access = new RemoteAccess(link, role.key.serverId, site, this.options.records, logger, () =>
        journal === undefined ? 0 : journal.head(),
      );
      const monitorPublisher = journal && new MonitorPublisher(link, role.key.serverId, journal, site);
      this.worker = { link, replica, heartbeat, access, ...(monitorPublisher && { monitorPublisher }) };
    }
    logger.info("multi-server started", { role: role.role, nats: natsUrl });
  }

  private async stopWorker(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w === undefined) return;
    w.heartbeat?.stop();
    w.access?.stop();
    w.monitorPublisher?.stop();
    w.monitorSubscription?.unsubscribe();
    w.monitor?.stop();
    if (w.monitor) this.remoteUpdates.next({ type: "servers", servers: [] });
    w.status?.stop();
    await w.replica?.stop();
    await w.publisher?.stop();
    await w.link.stop();
  }
}
