/**
 * The `servers` topic (issue 14, aggregated monitoring on a main): on subscribe, `{type: "servers"}`
 * with the subs and their status, then a `remoteDoor` for every sub's door known; then each status
 * change, door change (`remoteDoor`) and committed event (`remoteEvent`) of a sub as it comes. On a
 * host that is not a main: an empty `servers` list, and nothing after.
 */
import type { Subscription } from "rxjs";
import type { FeedBackend } from "./FeedBackend";
import type { FeedClient } from "./FeedClient";
import { encodeMessage } from "./ServerMessage";
import { textFrame } from "./textFrame";

export class ServerFeed {
  private readonly subscribers = new Set<FeedClient>();
  private readonly subscription: Subscription | undefined;

  constructor(private readonly multi: FeedBackend["multi"]) {
    this.subscription = multi?.remote$.subscribe((update) => {
      if (this.subscribers.size === 0) return;
      const frame = textFrame(encodeMessage(update));
      for (const client of this.subscribers) client.send(frame);
    });
  }

  /** Sends `client` the subs and their doors now, then their changes; nothing on a host without multi-server. */
  subscribe(client: FeedClient): void {
    if (this.multi === undefined || this.subscribers.has(client)) return;
    this.subscribers.add(client);
    for (const update of this.multi.remoteNow()) client.send(textFrame(encodeMessage(update)));
  }

  unsubscribe(client: FeedClient): void {
    this.subscribers.delete(client);
  }

  close(): void {
    this.subscription?.unsubscribe();
    this.subscribers.clear();
  }
}
