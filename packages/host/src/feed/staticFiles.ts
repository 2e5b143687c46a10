/**
 * HTTP for the operator console: its static files from one directory, never a path outside it, its UI
 * library (`/vendor/`), and `/healthz` with the journal's health.
 */
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, resolve, sep } from "node:path";
import { vendorFile } from "./consoleVendor";
import type { FeedJournal } from "./FeedBackend";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const plain = (res: ServerResponse, status: number, text: string): void => {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
  res.end(text);
};

/** The file a URL path names inside `root`, or `undefined` if it would leave it (traversal, NUL, bad escapes). */
export const resolveInside = (root: string, urlPath: string): string | undefined => {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes("\0")) return undefined;
  const file = resolve(root, `.${path.endsWith("/") ? `${path}index.html` : path}`);
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
};

/**
 * `/healthz`: 200 `{status: "ok", journal}` while the journal commits, 503 `{status: "failing", journal}`
 * while its commits fail (a full disk): events are then held in memory and reach no client.
 */
const healthz = (journal: Pick<FeedJournal, "health">, res: ServerResponse): void => {
  const h = journal.health();
  res.writeHead(h.failing ? 503 : 200, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(
    JSON.stringify({
      status: h.failing ? "failing" : "ok",
      journal: {
        head: h.head,
        uncommitted: h.uncommitted,
        commitLagMs: h.commitLagMs,
        lastError:
          h.lastError === undefined
            ? null
            : { message: h.lastError.message, at: new Date(h.lastError.at).toISOString() },
      },
    }),
  );
};

/**
 * A request handler: `GET /healthz`, the UI library under `/vendor/`, then
 * `GET`/`HEAD` of the console's files (`/` is `index.html`).
 */
export const staticFiles =
  (root: string | undefined, journal: Pick<FeedJournal, "health">) =>
  async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "method not allowed");
    if (path === "/healthz") return healthz(journal, res);
    const file = vendorFile(path) ?? (root === undefined ? undefined : resolveInside(resolve(root), path));
    const found = file !== undefined && (await stat(file).catch(() => undefined))?.isFile() === true;
    if (!found) return plain(res, 404, "not found");
    const body = await readFile(file);
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": body.length,
      "x-content-type-options": "nosniff",
      // The console changes with the host version; a reload must not show a stale page.
      "cache-control": "no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };
