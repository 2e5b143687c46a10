/** `kill -9` in the middle of heavy traffic loses no event a client had received (DESIGN §6, issue 5). */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { Store } from "../../src/store";
import { useTempDir } from "./tempDir";

const dir = useTempDir();
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const writer = fileURLToPath(new URL("./fixtures/journalWriter.ts", import.meta.url));

/** Runs the writer on `path` until it has delivered `after` events, kills it, and returns what it delivered. */
const runAndKill = (path: string, after: number): Promise<number[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", writer, path], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const delivered: number[] = [];
    let partial = "";
    let stderr = "";
    let killed = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) delivered.push(Number(line));
      if (!killed && delivered.length >= after) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // `close` comes after stdout has ended: every line the child wrote before dying is read.
    child.on("close", (code, signal) => {
      if (signal === "SIGKILL") resolve(delivered);
      else reject(new Error(`writer exited (${code}) before it was killed: ${stderr}`));
    });
  });

const contiguous = (from: number, values: ReadonlyArray<number>): boolean =>
  values.every((v, i) => v === from + i);

describe("journal crash safety", () => {
  it("keeps every delivered event, contiguous, with its facts, across two kill -9s", async () => {
    const path = join(dir(), "crash.db");
    let from = 1;
    for (const after of [20_000, 30_000]) {
      const delivered = await runAndKill(path, after);
      expect(delivered.length).toBeGreaterThanOrEqual(after);
      expect(contiguous(from, delivered)).toBe(true);

      const store = await Store.open({ path, clock: new VirtualClock(0) });
      const rows = await store.db.get<{ n: number; lo: number; hi: number }>(
        "SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM journal",
      );
      const last = delivered.at(-1)!;
      // Everything delivered is on disk; more may be (committed, killed before it was reported).
      expect(rows!.lo).toBe(1);
      expect(rows!.hi).toBeGreaterThanOrEqual(last);
      expect(rows!.n).toBe(rows!.hi);
      expect((await store.journal.readFrom(last, 1))[0]).toMatchObject({ type: "AccessTaken", seq: last });
      // The facts committed with exactly the events on disk.
      expect(await store.facts.credentialUsage()).toEqual([
        { credentialId: "c1", uses: rows!.n, firstUse: 1, lastUse: rows!.hi },
      ]);
      expect(store.journal.nextSeq()).toBe(rows!.hi + 1);
      await store.close();
      from = rows!.hi + 1;
    }
  }, 120_000);
});
