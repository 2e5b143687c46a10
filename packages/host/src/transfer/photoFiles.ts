/**
 * Cardholder photos named by an import (seed: "make sure that the server has access to the
 * photos"): each path is checked to be a readable image file on the host before anything changes,
 * so a console never shows a cardholder whose photo cannot be found.
 */
import { open } from "node:fs/promises";
import type { ImportIssue } from "./ImportError";

/** A photo path an import sets, and the line that sets it. */
export interface PhotoToCheck {
  readonly line: number;
  readonly path: string;
}

/** The largest photo taken: a badge photo is tens of kilobytes. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** The image types a browser shows, by their first bytes. */
const SIGNATURES: ReadonlyArray<{ readonly type: string; readonly matches: (head: Uint8Array) => boolean }> =
  [
    { type: "image/jpeg", matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
    {
      type: "image/png",
      matches: (h) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => h[i] === b),
    },
    { type: "image/gif", matches: (h) => ascii(h, 0, 4) === "GIF8" },
    { type: "image/webp", matches: (h) => ascii(h, 0, 4) === "RIFF" && ascii(h, 8, 12) === "WEBP" },
  ];

const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...bytes.subarray(from, to));

/** The image type of a file that starts with `head`, or undefined when it is none a browser shows. */
export const photoType = (head: Uint8Array): string | undefined =>
  SIGNATURES.find((s) => s.matches(head))?.type;

/** Why the photo at `path` cannot be used, or undefined when it is a readable image. */
const photoProblem = async (path: string): Promise<string | undefined> => {
  let file;
  try {
    file = await open(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? `photo ${path} does not exist on the host`
      : `photo ${path} cannot be read by the host (${code ?? String(e)})`;
  }
  try {
    const stat = await file.stat();
    if (!stat.isFile()) return `photo ${path} is not a file`;
    if (stat.size > MAX_PHOTO_BYTES)
      return `photo ${path} is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MiB`;
    const head = new Uint8Array(12);
    await file.read(head, 0, head.length, 0);
    return photoType(head) === undefined ? `photo ${path} is not a JPEG, PNG, GIF or WebP image` : undefined;
  } catch (e) {
    return `photo ${path} cannot be read by the host (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  } finally {
    await file.close();
  }
};

/** Files checked at once: enough to hide disk latency, few enough to stay far from the descriptor limit. */
const AT_ONCE = 16;

/** The issues of the photos that are missing, unreadable or not images, in line order. */
export const checkPhotos = async (photos: ReadonlyArray<PhotoToCheck>): Promise<ImportIssue[]> => {
  const problems: Array<ImportIssue | undefined> = new Array(photos.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < photos.length) {
      const i = next++;
      const { line, path } = photos[i]!;
      const message = await photoProblem(path);
      problems[i] = message === undefined ? undefined : { line, field: "photoPath", message };
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, photos.length) }, worker));
  return problems.filter((p): p is ImportIssue => p !== undefined);
};
