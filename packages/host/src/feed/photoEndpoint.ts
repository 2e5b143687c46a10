/**
 * `GET /api/cardholders/{id}/photo`: a cardholder's photo (its `photoPath`, from an import) for the
 * console. Only with an operator's or admin's token as a bearer, only an image file, and only one
 * inside the site's photo directory: a path that leads out of it (`..`, an absolute path elsewhere,
 * a symbolic link) serves nothing.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { insideDir, MAX_PHOTO_BYTES, readImage } from "../photos";
import type { FeedTokens } from "./FeedBackend";
import type { HelloGuard } from "./HelloGuard";
import { roleAllows } from "./roles";

/** The paths the endpoint answers; the cardholder id is URL-encoded. */
export const PHOTO_PATH = /^\/api\/cardholders\/([^/]+)\/photo$/;

/** Where photos are and whose they are. */
export interface PhotoSource {
  /** The photo directory: relative photo paths are under it, and no file outside it is served. */
  readonly dir: string;
  /** A cardholder's photo path as stored, or undefined (no such cardholder, or no photo). */
  photoPath(cardholderId: string): string | undefined;
}

const plain = (res: ServerResponse, status: number, text: string): void => {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  });
  res.end(text);
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
    if (typeof image === "string") return plain(res, 415, "the photo is not a JPEG, PNG, GIF or WebP image");
    res.writeHead(200, {
      "content-type": image.type,
      "content-length": image.body.length,
      "x-content-type-options": "nosniff",
      // Personal data: kept by no shared cache, and fetched afresh after an import changes it.
      "cache-control": "private, no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : image.body);
  };
