/**
 * Cardholder photos (seed "Import cardholders": "make sure that the server has access to the
 * photos"): files in the host's photo directory, named by a cardholder's `photoPath` (relative to
 * the directory, or absolute inside it). One rule for both sides: an import refuses a photo the
 * console could not be shown, and the console is shown nothing outside the directory.
 */
import { open, realpath } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

/** The largest photo taken: a badge photo is tens of kilobytes. */
export const MAX_PHOTO_BYTES = 5 * 2 ** 20;

/** The photo directory of a data directory, unless `start --photos DIR` names another. */
export const photoFolder = (dataDir: string): string => join(resolve(dataDir), "photos");

/** The image types taken, by extension, and the first bytes a file of that type starts with. */
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

/** The real file a photo path names, if it lies inside `dir` once links are followed. */
export const insideDir = async (dir: string, photoPath: string): Promise<string | undefined> => {
  if (photoPath.includes("\0")) return undefined;
  const [root, file] = await Promise.all([
    realpath(dir).catch(() => undefined),
    realpath(resolve(dir, photoPath)).catch(() => undefined),
  ]);
  return root !== undefined && file !== undefined && file.startsWith(root.endsWith(sep) ? root : root + sep)
    ? file
    : undefined;
};

/** What a photo file holds: the image and its type, or why it is not one to show. */
export type PhotoRead =
  { readonly body: Buffer; readonly type: string } | "not a file" | "too big" | "not an image";

/** Reads the image `file` holds (`head` only: its first bytes are enough to tell). */
export const readImage = async (file: string, head = false): Promise<PhotoRead> => {
  const image = IMAGE_TYPES[extname(file).toLowerCase()];
  if (image === undefined) return "not an image";
  const handle = await open(file, "r");
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return "not a file";
    if (stats.size > MAX_PHOTO_BYTES) return "too big";
    const body = head ? (await handle.read(Buffer.alloc(12), 0, 12, 0)).buffer : await handle.readFile();
    return image.is(body) ? { body, type: image.type } : "not an image";
  } finally {
    await handle.close();
  }
};

/** Why the photo `photoPath` cannot be shown from `dir`, or undefined when it can. */
export const photoProblem = async (dir: string, photoPath: string): Promise<string | undefined> => {
  const file = await insideDir(dir, photoPath);
  if (file === undefined)
    return `photo ${photoPath} is not a file in the host's photo directory ${dir} (missing, or outside it)`;
  try {
    const read = await readImage(file, true);
    if (read === "not a file") return `photo ${photoPath} is not a file`;
    if (read === "too big") return `photo ${photoPath} is larger than ${MAX_PHOTO_BYTES / 2 ** 20} MiB`;
    if (read === "not an image")
      return `photo ${photoPath} is not a JPEG, PNG, GIF or WebP image (by its extension and content)`;
    return undefined;
  } catch (e) {
    return `photo ${photoPath} cannot be read by the host (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
};
