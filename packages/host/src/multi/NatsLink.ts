/**
 * One server's connection to NATS, kept up for as long as the host runs: the first connection is
 * retried until it succeeds (NATS down, or a sub whose user the main has not added yet), and the
 * client reconnects by itself after that. `connection$` holds the connection while it is usable.
 */
import { BehaviorSubject } from "rxjs";
import { connect, type NatsConnection } from "nats";
import type { EngineClock } from "@portcullis/engine";
import type { Logger } from "../runtime/logger";
import { inboxPrefix } from "./subjects";

/** Where and as whom to connect. */
export interface NatsLinkOptions {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly clock: EngineClock;
  readonly logger: Logger;
}

/** Between two failed first connections. */
const RETRY_MS = 500;

/** A supervised NATS connection. */
export class NatsLink {
  /** The connection while it is up; `undefined` while it is down. */
  readonly connection$ = new BehaviorSubject<NatsConnection | undefined>(undefined);
  private current: NatsConnection | undefined;
  private stopped = false;
  private readonly running: Promise<void>;

  constructor(private readonly options: NatsLinkOptions) {
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const nc = await connect({
          servers: this.options.url,
          user: this.options.user,
          pass: this.options.password,
          name: this.options.user,
          inboxPrefix: inboxPrefix(this.options.user),
          maxReconnectAttempts: -1,
          reconnectTimeWait: 250,
          ignoreAuthErrorAbort: true,
          pingInterval: 2_000,
          maxPingOut: 2,
          timeout: 2_000,
        });
        if (this.stopped) {
          await nc.close();
          break;
        }
        failures = 0;
        this.current = nc;
        this.options.logger.info("connected to NATS", { url: this.options.url, user: this.options.user });
        this.connection$.next(nc);
        await this.follow(nc);
        this.current = undefined;
        this.connection$.next(undefined);
      } catch (e) {
        // Logged once per outage, not every half second.
        if (failures++ === 0)
          this.options.logger.warn("cannot connect to NATS; retrying", {
            url: this.options.url,
            error: String(e),
          });
        await new Promise<void>((done) => this.options.clock.setTimeout(done, RETRY_MS));
      }
    }
  }

  /** Reports disconnections and reconnections until the connection closes. */
  private async follow(nc: NatsConnection): Promise<void> {
    // The status iterator does not end when the connection closes: the close ends the wait.
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === "disconnect") {
          this.options.logger.warn("NATS disconnected", { url: this.options.url });
          this.connection$.next(undefined);
        } else if (status.type === "reconnect") {
          this.options.logger.info("NATS reconnected", { url: this.options.url });
          this.connection$.next(nc);
        }
      }
    })();
    await nc.closed();
  }

  /** Closes the connection and stops retrying. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.current?.close().catch(() => {});
    await this.running;
    this.connection$.complete();
  }
}
