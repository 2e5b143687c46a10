/** One connection's side of the protocol (DESIGN §8): hello, subscribe, commands, each answered or refused. */
import { Either } from "effect";
import type { ApiToken } from "../store";
import { type ClientMessage, parseClientMessage } from "./ClientMessage";
import { COMMANDS } from "./commands";
import type { AlarmFeed } from "./AlarmFeed";
import type { DoorFeed } from "./DoorFeed";
import type { EventFeed } from "./EventFeed";
import type { ServerFeed } from "./ServerFeed";
import type { FeedBackend, FeedLogger } from "./FeedBackend";
import type { FeedClient } from "./FeedClient";
import { FeedError } from "./FeedError";
import { roleAllows } from "./roles";
import { encodeMessage, type ServerMessage } from "./ServerMessage";
import { textFrame } from "./textFrame";
import { runAt } from "./deadline";
import type { HelloGuard } from "./HelloGuard";
import { type RateLimit, TokenBucket } from "./TokenBucket";

/** What a session shares with the server. */
export interface SessionContext {
  readonly backend: FeedBackend;
  readonly events: EventFeed;
  readonly doors: DoorFeed;
  readonly alarms: AlarmFeed;
  readonly servers: ServerFeed;
  readonly logger: FeedLogger;
  readonly rateLimit: RateLimit;
  /** Failed hellos per remote address. */
  readonly helloGuard: HelloGuard;
  /** How long a connection may stay without a welcome. */
  readonly helloTimeoutMs: number;
  /** Ends the connections of a revoked token. */
  readonly tokenRevoked: (tokenId: string) => void;
}

/** The connection a session runs on. */
export interface SessionConnection {
  /** The peer's address, for the failed-hello limit and the logs. */
  readonly remote: string;
  /** Closes the connection (a policy close: 1008). */
  close(code: number, reason: string): void;
}

const unauthorized = (message: string) => new FeedError({ code: "Unauthorized", message });

/**
 * Handles one connection's messages in arrival order (a command's result before the next one's),
 * so a client can pipeline. Every refusal is typed and changes nothing.
 */
export class Session {
  private token: ApiToken | undefined;
  /** The next event `seq` this client needs: the welcome's head + 1, or its `resumeFrom`. */
  private next = 1;
  private readonly bucket: TokenBucket;
  private queue: Promise<void> = Promise.resolve();
  /** Cancels the timer that ends the connection: no hello in time, then the token's expiry. */
  private cancelDeadline: () => void;

  constructor(
    private readonly client: FeedClient,
    private readonly context: SessionContext,
    private readonly connection: SessionConnection,
  ) {
    const clock = context.backend.clock;
    this.bucket = new TokenBucket(context.rateLimit, clock);
    this.cancelDeadline = runAt(clock, clock.now() + context.helloTimeoutMs, () =>
      connection.close(1008, `no hello within ${context.helloTimeoutMs / 1000} s`),
    );
  }

  /** The token this connection said hello with. */
  get tokenId(): string | undefined {
    return this.token?.id;
  }

  /** Takes a text frame; the rate limit counts it on arrival, its handling waits for the ones before. */
  receive(text: string): void {
    const allowed = this.bucket.take();
    this.queue = this.queue.then(() => this.handle(text, allowed));
  }

  /** Answers a frame that is not a message at all (binary). */
  reject(error: FeedError): void {
    this.send({ type: "error", error: error.toWire() });
  }

  /**
   * The connection's error boundary: whatever a message does, it is answered and the session goes
   * on; nothing a client sends may reject the queue, let alone end the process.
   */
  private async handle(text: string, allowed: boolean): Promise<void> {
    let message: ClientMessage | undefined;
    try {
      const parsed = parseClientMessage(text);
      if (Either.isLeft(parsed)) return this.reject(parsed.left);
      message = parsed.right;
      const refusal = allowed
        ? await this.dispatch(message)
        : new FeedError({
            code: "RateLimited",
            message: `over ${this.context.rateLimit.perSecond} messages/s`,
          });
      if (refusal !== undefined) this.refuse(message, refusal);
    } catch (e) {
      this.context.logger.error("feed.handler_failed", { type: message?.type, error: String(e) });
      try {
        const internal = new FeedError({ code: "Internal", message: "internal error" });
        if (message === undefined) this.reject(internal);
        else this.refuse(message, internal);
      } catch {
        // Not even the refusal could be sent: the connection is going away.
      }
    }
  }

  /** Handles a message; returns its refusal, if any. */
  private async dispatch(message: ClientMessage): Promise<FeedError | undefined> {
    if (message.type === "hello") return this.hello(message.token, message.resumeFrom);
    const token = this.token;
    if (token === undefined) return unauthorized("say hello with a token first");
    if (token.expiresAt !== undefined && this.context.backend.clock.now() >= token.expiresAt) {
      this.token = undefined;
      return unauthorized("token expired");
    }
    if (message.type === "subscribe") return this.subscribe(new Set(message.topics));
    const { id, command } = message;
    const spec = COMMANDS.get(command.type);
    if (spec === undefined)
      return new FeedError({ code: "UnknownCommand", message: `unknown command "${command.type}"` });
    if (!roleAllows(token.role, spec.role))
      return new FeedError({ code: "Forbidden", message: `${command.type} needs the ${spec.role} role` });
    // Who acts is the token's named user; a token from before users were named answers by its id.
    const by = token.user !== "" ? token.user : token.label !== "" ? token.label : token.id;
    const outcome = await spec.handle(command, {
      backend: this.context.backend,
      by,
      role: token.role,
      tokenRevoked: this.context.tokenRevoked,
    });
    this.context.logger.info("feed.command", {
      type: command.type,
      by,
      ok: Either.isRight(outcome),
      ...(Either.isLeft(outcome) && { code: outcome.left.code }),
    });
    if (Either.isLeft(outcome)) return outcome.left;
    const value = outcome.right;
    this.send({ type: "result", id, ok: true, ...(value !== undefined && { value }) });
    return undefined;
  }

  private async hello(secret: string, resumeFrom: number | undefined): Promise<FeedError | undefined> {
    if (this.token !== undefined) return new FeedError({ code: "BadCommand", message: "already welcomed" });
    const { backend, helloGuard, logger } = this.context;
    const { remote } = this.connection;
    if (helloGuard.blocked(remote)) {
      logger.warn("feed.hello_blocked", { remote });
      return new FeedError({
        code: "RateLimited",
        message: "too many failed hellos from this address; try later",
      });
    }
    const token = await backend.tokens.verify(secret);
    if (token === undefined) {
      helloGuard.failed(remote);
      logger.warn("feed.hello_refused", { remote });
      return unauthorized("unknown, revoked or expired token");
    }
    const head = backend.journal.head();
    // A client ahead of the journal saw events this host does not have (another data directory,
    // a restored backup): resuming would silently skip or repeat, so it is told.
    if (resumeFrom !== undefined && resumeFrom > head + 1)
      return new FeedError({
        code: "BadCommand",
        message: `resumeFrom ${resumeFrom} is beyond the journal head ${head}; resume from ${head + 1} or earlier`,
      });
    if (resumeFrom !== undefined) {
      const oldest = await backend.journal.oldest();
      if (oldest !== undefined && resumeFrom < oldest)
        return new FeedError({
          code: "ResumeGap",
          message: `events before seq ${oldest} are no longer kept; resume from ${oldest} or later`,
        });
    }
    this.token = token;
    this.next = resumeFrom ?? head + 1;
    this.cancelDeadline();
    // A connection lives no longer than its token.
    if (token.expiresAt !== undefined)
      this.cancelDeadline = runAt(backend.clock, token.expiresAt, () =>
        this.connection.close(1008, "token expired"),
      );
    logger.info("feed.hello", { tokenId: token.id, role: token.role, remote });
    this.send({ type: "welcome", role: token.role, seq: head });
    return undefined;
  }

  private subscribe(topics: ReadonlySet<string>): undefined {
    const { events, doors, alarms, servers } = this.context;
    if (topics.has("events")) events.follow(this.client, this.next);
    else this.next = events.unfollow(this.client) ?? this.next;
    if (topics.has("doors")) doors.subscribe(this.client);
    else doors.unsubscribe(this.client);
    if (topics.has("alarms")) alarms.subscribe(this.client);
    else alarms.unsubscribe(this.client);
    if (topics.has("servers")) servers.subscribe(this.client);
    else servers.unsubscribe(this.client);
    return undefined;
  }

  private refuse(message: ClientMessage, error: FeedError): void {
    this.send(
      message.type === "command"
        ? { type: "result", id: message.id, ok: false, error: error.toWire() }
        : { type: "error", error: error.toWire() },
    );
  }

  private send(message: ServerMessage): void {
    this.client.reply(textFrame(encodeMessage(message)));
  }

  /** Stops the feeds and timers of this connection. */
  close(): void {
    this.cancelDeadline();
    this.context.events.unfollow(this.client);
    this.context.doors.unsubscribe(this.client);
    this.context.alarms.unsubscribe(this.client);
    this.context.servers.unsubscribe(this.client);
  }
}
