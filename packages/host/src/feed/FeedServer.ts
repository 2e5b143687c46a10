/** The host's one port: HTTP for the console and `/healthz`, and the WebSocket feed at `/ws` (DESIGN §8). */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { AlarmFeed } from "./AlarmFeed";
import { DoorFeed } from "./DoorFeed";
import { EventFeed } from "./EventFeed";
import type { FeedBackend, FeedLogger } from "./FeedBackend";
import { FeedError } from "./FeedError";
import { frameWriter } from "./frameWriter";
import { HelloGuard } from "./HelloGuard";
import { Session, type SessionContext } from "./Session";
import { staticFiles } from "./staticFiles";
import { PLATE_PATH, plateEndpoint, type PlateSite } from "../peripheral/plateEndpoint";
import type { RateLimit } from "./TokenBucket";

/** Where and how the feed server listens. */
export interface FeedServerOptions {
  readonly backend: FeedBackend;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** The operator console's static files; without it, only `/healthz` and `/ws` answer. */
  readonly consoleDir?: string;
  readonly logger?: FeedLogger;
  /** Largest message accepted; a larger one closes the connection with 1009. Default 64 KiB. */
  readonly maxPayload?: number;
  /** Per-connection message rate; default 50 messages/s, bursts of 100. */
  readonly rateLimit?: RateLimit;
  /** Bytes queued to a client that does not read before it is dropped; default 16 MiB. */
  readonly maxBufferedBytes?: number;
  /** Open WebSocket connections at most; one more is closed with 1013 (try again later). Default 256. */
  readonly maxConnections?: number;
  /** A connection that has not said a valid hello by then is closed; default 10 s. */
  readonly helloTimeoutMs?: number;
  /** Failed hellos allowed per remote address; default bursts of 10, then one every 6 s. */
  readonly failedHelloLimit?: RateLimit;
  /** `POST /api/peripheral/plate` for license plate cameras; absent, that path is not served. */
  readonly plates?: PlateSite;
}

/** A running feed server. */
export interface FeedServer {
  /** `http://host:port` */
  readonly url: string;
  /** `ws://host:port/ws` */
  readonly wsUrl: string;
  readonly port: number;
  /** Ends every connection and stops listening. */
  close(): Promise<void>;
}

const silent: FeedLogger = { info: () => {}, warn: () => {}, error: () => {} };

const textOf = (data: RawData): string =>
  (Array.isArray(data)
    ? Buffer.concat(data)
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : data
  ).toString("utf8");

/** Starts listening; resolves once the port is bound. */
export const startFeedServer = async (options: FeedServerOptions): Promise<FeedServer> => {
  const logger = options.logger ?? silent;
  const maxBuffered = options.maxBufferedBytes ?? 16 * 2 ** 20;
  const serveStatic = staticFiles(options.consoleDir, options.backend.journal);
  const { peripheralKey } = options.backend;
  // Wrong keys count against the same per-address allowance as wrong tokens: one guesser, one budget.
  const helloGuard = new HelloGuard(
    options.failedHelloLimit ?? { perSecond: 1 / 6, burst: 10 },
    options.backend.clock,
  );
  const servePlates =
    options.plates && peripheralKey && plateEndpoint(peripheralKey, options.plates, helloGuard);
  const serveHttp = (req: IncomingMessage, res: ServerResponse) =>
    servePlates && req.url?.split("?")[0] === PLATE_PATH ? servePlates(req, res) : serveStatic(req, res);
  const http = createServer((req, res) => {
    serveHttp(req, res).catch((e: unknown) => {
      logger.error("http.failed", { url: req.url, error: String(e) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const wss = new WebSocketServer({ server: http, path: "/ws", maxPayload: options.maxPayload ?? 64 * 1024 });
  const sessions = new Map<WebSocket, Session>();
  const context: SessionContext = {
    backend: options.backend,
    events: new EventFeed(options.backend.journal, logger),
    doors: new DoorFeed(options.backend.journal, options.backend.site, options.backend.clock),
    alarms: new AlarmFeed(options.backend.alarms),
    logger,
    rateLimit: options.rateLimit ?? { perSecond: 50, burst: 100 },
    helloGuard,
    helloTimeoutMs: options.helloTimeoutMs ?? 10_000,
    tokenRevoked: (tokenId) => {
      for (const [ws, session] of sessions) if (session.tokenId === tokenId) ws.close(1008, "token revoked");
    },
  };

  const maxConnections = options.maxConnections ?? 256;
  wss.on("connection", (ws, req) => {
    const remote = req.socket.remoteAddress ?? "unknown";
    if (sessions.size >= maxConnections) {
      logger.warn("feed.too_many_connections", { remote, open: sessions.size });
      ws.close(1013, "too many connections");
      return;
    }
    const client = frameWriter(ws, req.socket, maxBuffered, (buffered) =>
      logger.warn("feed.slow_client", { remote, buffered }),
    );
    const session = new Session(client, context, { remote, close: (code, reason) => ws.close(code, reason) });
    sessions.set(ws, session);
    logger.info("feed.connected", { remote });
    ws.on("message", (data, isBinary) => {
      if (isBinary)
        session.reject(new FeedError({ code: "BadMessage", message: "binary frames are not accepted" }));
      else session.receive(textOf(data));
    });
    // Oversized frames and protocol violations end here: ws closes the connection (1009, 1002, …).
    ws.on("error", (e) => logger.warn("feed.connection_error", { error: e.message }));
    ws.on("close", (code) => {
      session.close();
      sessions.delete(ws);
      logger.info("feed.disconnected", { code });
    });
  });
  wss.on("error", (e) => logger.error("feed.server_error", { error: e.message }));

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => {
      http.off("error", reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  logger.info("feed.listening", { host: address.address, port: address.port });
  return {
    url: `http://${host}:${address.port}`,
    wsUrl: `ws://${host}:${address.port}/ws`,
    port: address.port,
    close: async () => {
      context.events.close();
      context.doors.close();
      context.alarms.close();
      for (const ws of sessions.keys()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
};
