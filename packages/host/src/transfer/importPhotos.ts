/** The photos an import names, checked before anything changes: each must be one the console can show. */
import { photoProblem } from "../photos";
import type { ImportIssue } from "./ImportError";

/** A photo path an import sets, and the line that sets it. */
export interface PhotoToCheck {
  readonly line: number;
  readonly path: string;
}

/** Files checked at once: enough to hide disk latency, few enough to stay far from the descriptor limit. */
const AT_ONCE = 16;

/** The issues of the photos in `dir` that are missing, unreadable or not images, in line order. */
export const checkPhotos = async (
  dir: string,
  photos: ReadonlyArray<PhotoToCheck>,
): Promise<ImportIssue[]> => {
  const problems: Array<ImportIssue | undefined> = new Array(photos.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < photos.length) {
      const i = next++;
      const { line, path } = photos[i]!;
      const message = await photoProblem(dir, path);
      problems[i] = message === undefined ? undefined : { line, field: "photoPath", message };
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, photos.length) }, worker));
  return problems.filter((p): p is ImportIssue => p !== undefined);
};
