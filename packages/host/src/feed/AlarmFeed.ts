/** The `alarms` topic (issue 13): every open and recent alarm on subscribe, then each change as it happens. */
import type { Subscription } from "rxjs";
import type { FeedAlarms } from "./FeedBackend";
import type { FeedClient } from "./FeedClient";
import { encodeMessage } from "./ServerMessage";
import { textFrame } from "./textFrame";

export class AlarmFeed {
  private readonly subscribers = new Set<FeedClient>();
  private readonly subscription: Subscription | undefined;

  constructor(private readonly alarms: FeedAlarms | undefined) {
    this.subscription = alarms?.changes$.subscribe((alarm) => {
      if (this.subscribers.size === 0) return;
      const frame = textFrame(encodeMessage({ type: "alarm", alarm }));
      for (const client of this.subscribers) client.send(frame);
    });
  }

  /** Sends `client` the alarms now (`{type: "alarms"}`), then their changes; nothing on a host without alarms. */
  subscribe(client: FeedClient): void {
    if (this.alarms === undefined || this.subscribers.has(client)) return;
    this.subscribers.add(client);
    client.send(textFrame(encodeMessage({ type: "alarms", alarms: this.alarms.list() })));
  }

  unsubscribe(client: FeedClient): void {
    this.subscribers.delete(client);
  }

  close(): void {
    this.subscription?.unsubscribe();
    this.subscribers.clear();
  }
}
