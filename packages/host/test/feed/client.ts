/** A test client over the real `ws` library: sends JSON, awaits the messages it expects. */
import { WebSocket } from "ws";

/** A message as received. */
export type Received = Record<string, unknown> & { readonly type: string };

/** A connected client. */
export interface TestClient {
  readonly ws: WebSocket;
  /** Every message so far, in order. */
  readonly received: Received[];
  send(message: unknown): void;
  /** The first message from index `from` on that matches, waiting for it if needed (5 s by default). */
  next(match: (m: Received) => boolean, from?: number, timeoutMs?: number): Promise<Received>;
  /** Sends a command and resolves with its result. */
  command(command: Record<string, unknown> & { readonly type: string }): Promise<Received>;
  /** Says hello and resolves with the answer (a welcome or an error). */
  hello(token: string, resumeFrom?: number): Promise<Received>;
  /** Resolves with the close code once the connection closes. */
  closed(): Promise<number>;
  close(): void;
}

let ids = 0;

/** Opens a connection to `url` and resolves once it is open. */
export const connect = async (url: string): Promise<TestClient> => {
  const ws = new WebSocket(url);
  const received: Received[] = [];
  let wake: Array<() => void> = [];
  ws.on("message", (data) => {
    received.push(JSON.parse(String(data)) as Received);
    const waiting = wake;
    wake = [];
    for (const w of waiting) w();
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const next = (match: (m: Received) => boolean, from = 0, timeoutMs = 5_000): Promise<Received> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching message within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      const look = () => {
        const found = received.slice(from).find(match);
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        } else wake.push(look);
      };
      look();
    });
  const send = (message: unknown) => ws.send(JSON.stringify(message));
  return {
    ws,
    received,
    send,
    next,
    command: (command) => {
      const id = `c${++ids}`;
      send({ type: "command", id, command });
      return next((m) => m.type === "result" && m["id"] === id);
    },
    hello: (token, resumeFrom) => {
      const from = received.length;
      send({ type: "hello", token, ...(resumeFrom !== undefined && { resumeFrom }) });
      return next((m) => m.type === "welcome" || m.type === "error", from);
    },
    closed: () => closed,
    close: () => ws.close(),
  };
};

/** A door snapshot as the `doors` topic sends it (the fields the tests read). */
export interface DoorShown {
  readonly mode: string;
  readonly position: string;
  readonly status: string;
}

/**
 * Waits on `client` (subscribed to `doors`) for a snapshot of `doorId` from index `from` on that matches; a timeout
 * fails naming `what` was awaited, with `context()` (what the devices saw, the host's log).
 */
export const doorWatch =
  (client: TestClient, doorId: string, context: () => string, defaultTimeoutMs: number) =>
  async (
    what: string,
    match: (door: DoorShown) => boolean,
    from = 0,
    timeoutMs = defaultTimeoutMs,
  ): Promise<DoorShown> => {
    const shown = (m: Received) => m["door"] as DoorShown & { readonly id: string };
    try {
      return shown(
        await client.next(
          (m) => m.type === "door" && shown(m).id === doorId && match(shown(m)),
          from,
          timeoutMs,
        ),
      );
    } catch (error) {
      throw new Error(`the ${doorId} door ${what}: ${String(error)}\n${context()}`);
    }
  };

/** Connects to `url` as `token`, subscribes to `doors` and watches `doorId` (`doorWatch`); fails if not welcomed. */
export const watchDoor = async (
  url: string,
  token: string,
  doorId: string,
  context: () => string,
  timeoutMs: number,
): Promise<{ readonly client: TestClient; readonly door: ReturnType<typeof doorWatch> }> => {
  const client = await connect(url);
  const welcome = await client.hello(token);
  if (welcome.type !== "welcome") throw new Error(`not welcomed: ${JSON.stringify(welcome)}`);
  client.send({ type: "subscribe", topics: ["doors"] });
  return { client, door: doorWatch(client, doorId, context, timeoutMs) };
};
