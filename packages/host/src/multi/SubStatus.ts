/**
 * The main's view of its subs: Connected while their heartbeats arrive, Disconnected when none came
 * for three heartbeat periods (or the main itself has no NATS connection).
 */
import type { Subscription as RxSubscription } from "rxjs";
import type { Subscription } from "nats";
import type { EngineClock } from "@portcullis/engine";
import { HEARTBEAT_MS, type HeartbeatMessage } from "./Heartbeat";
import type { NatsLink } from "./NatsLink";
import { ALL_STATUS } from "./subjects";

/** Silence after which a sub shows Disconnected. */
const STALE_MS = 3 * HEARTBEAT_MS;

/** A sub's status as the seed's list shows it. */
export type SubConnection = "Connected" | "Disconnected";

/** Heartbeats heard, by server id. */
export class SubStatus {
  private readonly heard = new Map<string, { at: number; cursor: number }>();
  private sub: Subscription | undefined;
  private readonly subscription: RxSubscription;

  constructor(
    link: NatsLink,
    private readonly clock: EngineClock,
  ) {
    this.subscription = link.connection$.subscribe((nc) => {
      this.sub?.unsubscribe();
      this.sub = undefined;
      if (!nc) return;
      this.sub = nc.subscribe(ALL_STATUS, {
        callback: (err, msg) => {
          if (err) return;
          const beat = msg.json<HeartbeatMessage>();
          this.heard.set(beat.serverId, { at: this.clock.now(), cursor: beat.cursor });
        },
      });
    });
  }

  /** Connected or Disconnected, and the cursor it last reported. */
  of(serverId: string): { readonly status: SubConnection; readonly cursor: number | undefined } {
    const h = this.heard.get(serverId);
    const fresh = h !== undefined && this.sub !== undefined && this.clock.now() - h.at <= STALE_MS;
    return { status: fresh ? "Connected" : "Disconnected", cursor: h?.cursor };
  }

  stop(): void {
    this.subscription.unsubscribe();
    this.sub?.unsubscribe();
  }
}
