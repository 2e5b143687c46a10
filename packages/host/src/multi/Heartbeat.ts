/** A sub's status heartbeat: every second while connected, so its main can show it Connected. */
import type { Subscription } from "rxjs";
import type { NatsConnection } from "nats";
import type { EngineClock } from "@portcullis/engine";
import type { NatsLink } from "./NatsLink";
import { statusSubject } from "./subjects";

/** How often a sub says it is there. */
export const HEARTBEAT_MS = 1_000;

/** What a heartbeat carries. */
export interface HeartbeatMessage {
  readonly serverId: string;
  readonly siteName: string;
  /** The sub's cursor in the globals stream. */
  readonly cursor: number;
}

/** Publishes heartbeats over `link` until stopped. */
export class Heartbeat {
  private connection: NatsConnection | undefined;
  private timer: unknown;
  private readonly subscription: Subscription;

  constructor(
    link: NatsLink,
    private readonly clock: EngineClock,
    private readonly message: () => HeartbeatMessage,
  ) {
    this.subscription = link.connection$.subscribe((nc) => {
      this.connection = nc;
      if (nc) this.beat();
    });
    this.schedule();
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.beat();
      this.schedule();
    }, HEARTBEAT_MS);
  }

  private beat(): void {
    const m = this.message();
    try {
      this.connection?.publish(statusSubject(m.serverId), JSON.stringify(m));
    } catch {
      // A connection closing under us: the next beat goes on the next connection.
    }
  }

  stop(): void {
    this.subscription.unsubscribe();
    this.clock.clearTimeout(this.timer as never);
  }
}
