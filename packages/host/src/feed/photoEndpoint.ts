/**
 * `GET /api/cardholders/{id}/photo`: a cardholder's photo (its `photoPath`, from an import) for the
 * console. Only with an operator's or admin's token as a bearer, only an image file, and only one
 * inside the site's photo directory: a path that leads out of it (`..`, an absolute path elsewhere,
 * a symbolic link) serves nothing.
 */
import { open, realpath } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, resolve, sep } from "node:path";
import type { FeedTokens } from "./FeedBackend";
import type { HelloGuard } from "./HelloGuard";
import { roleAllows } from "./roles";

/** The paths the endpoint answers; the cardholder id is URL-encoded. */
export const PHOTO_PATH = /^\/api\/cardholders\/([^/]+)\/photo$/;

/** A photo larger than this is not served (a badge photo is tens of kilobytes). */
export const MAX_PHOTO_BYTES = 5 * 2 ** 20;

/** Where photos are and whose they are. */
export interface PhotoSource {
  /** The photo directory: relative photo paths are under it, and no file outside it is served. */
  readonly dir: string;
  /** A cardholder's photo path as stored, or undefined (no such cardholder, or no photo). */
  photoPath(cardholderId: string): string | undefined;
}

/** The image types served, by extension, and the first bytes a file of that type starts with. */
const IMAGE_TYPES: Readonly<Record<string, { type: string; is: (head: Buffer) => boolean }>> = {
  ".jpg": { type: "image/jpeg", is: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  ".jpeg": { type: "image/jpeg", is: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  ".png": {
    type: "image/png",
    is: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  ".gif": { type: "image/gif", is: (h) => /^GIF8[79]a$/.test(h.subarray(0, 6).toString("latin1")) },
  ".webp": {
    type: "image/webp",
    is: (h) =>
      h.subarray(0, 4).toString("latin1") === "RIFF" && h.subarray(8, 12).toString("latin1") === "WEBP",
  },
};

const plain = (res: ServerResponse, status: number, text: string): void => {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  });
  res.end(text);
};

/** The real file a photo path names, if it lies inside `dir` once links are followed. */
const insideDir = async (dir: string, photoPath: string): Promise<string | undefined> => {
  if (photoPath.includes("\0")) return undefined;
  const [root, file] = await Promise.all([
    realpath(dir).catch(() => undefined),
    realpath(resolve(dir, photoPath)).catch(() => undefined),
  ]);
  return root !== undefined && file !== undefined && file.startsWith(root.endsWith(sep) ? root : root + sep)
    ? file
    : undefined;
};

/** The image a file holds, with its type; undefined if it is not an image of a served type. */
const readImage = async (file: string): Promise<{ body: Buffer; type: string } | "too big" | undefined> => {
  const image = IMAGE_TYPES[extname(file).toLowerCase()];
  if (image === undefined) return undefined;
  const handle = await open(file, "r");
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return undefined;
    if (stats.size > MAX_PHOTO_BYTES) return "too big";
    const body = await handle.readFile();
    return image.is(body) ? { body, type: image.type } : undefined;
  } finally {
    await handle.close();
  }
};

const cardholderOf = (url: string | undefined): string | undefined => {
  const match = PHOTO_PATH.exec(new URL(url ?? "/", "http://localhost").pathname);
  try {
    return match ? decodeURIComponent(match[1]!) : undefined;
  } catch {
    return undefined;
  }
};

/** The handler; it answers every request it is given (the server routes {@link PHOTO_PATH} to it). */
export const photoEndpoint =
  (source: PhotoSource, tokens: Pick<FeedTokens, "verify">, guard: HelloGuard) =>
  async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "method not allowed");
    const remote = req.socket.remoteAddress ?? "unknown";
    // A token guesser here is slowed down as one at hello is: one guesser, one budget.
    if (guard.blocked(remote)) return plain(res, 429, "too many failed attempts; try again later");
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer === undefined ? undefined : await tokens.verify(bearer);
    if (token === undefined) {
      guard.failed(remote);
      return plain(res, 401, "a valid token is needed as a bearer");
    }
    if (!roleAllows(token.role, "operator")) return plain(res, 403, "photos need the operator role");
    const cardholderId = cardholderOf(req.url);
    const photoPath = cardholderId === undefined ? undefined : source.photoPath(cardholderId);
    if (photoPath === undefined || photoPath === "") return plain(res, 404, "no photo for this cardholder");
    const file = await insideDir(source.dir, photoPath);
    if (file === undefined) return plain(res, 404, "the photo is not a file in the photo directory");
    const image = await readImage(file);
    if (image === "too big") return plain(res, 413, `a photo is at most ${MAX_PHOTO_BYTES} bytes`);
    if (image === undefined) return plain(res, 415, "the photo is not a JPEG, PNG, GIF or WebP image");
    res.writeHead(200, {
      "content-type": image.type,
      "content-length": image.body.length,
      "x-content-type-options": "nosniff",
      // Personal data: kept by no shared cache, and fetched afresh after an import changes it.
      "cache-control": "private, no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : image.body);
  };
