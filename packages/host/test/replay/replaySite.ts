/** Runs `replay` in process over the replay fixture site (optionally changed) and a trace given as objects. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Either } from "effect";
import { replay } from "../../src/replay/replay";

const fixtureSite = (): Record<string, unknown> =>
  JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/site.json", import.meta.url)), "utf8")) as Record<
    string,
    unknown
  >;

/** A printed event: its JSON parsed back. */
export type PrintedEvent = { readonly type: string; readonly at: string; readonly [k: string]: unknown };

/**
 * Replays `trace` over the fixture site after `change` edits it; returns the printed events, or the error
 * message when the replay failed.
 */
export const replayFixture = (
  trace: ReadonlyArray<Record<string, unknown>>,
  change: (site: Record<string, unknown>) => void = () => {},
): { readonly events: PrintedEvent[]; readonly lines: string[]; readonly error?: string } => {
  const site = fixtureSite();
  change(site);
  const lines: string[] = [];
  const result = replay(JSON.stringify(site), trace.map((l) => JSON.stringify(l)).join("\n"), (l) =>
    lines.push(l),
  );
  const events = lines.map((l) => JSON.parse(l) as PrintedEvent);
  return Either.isLeft(result) ? { events, lines, error: result.left.message } : { events, lines };
};
