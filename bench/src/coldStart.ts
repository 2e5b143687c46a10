/** Cold start of the host: a stored 10 000-door, 100 000-cardholder site loaded from SQLite and running. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Host } from "@portcullis/host";
import { referenceSite } from "@portcullis/testkit";
import type { BenchResult } from "./measure";

const KEY = "11".repeat(32);

/**
 * `host.cold_start_ms@<N>doors`: the second start of a host whose site is stored — open the store,
 * read the site and the facts, build the policy index and every actor. The first start (which
 * validates the site file) is not timed.
 */
export const coldStartBench = async (doors = 10_000, cardholders = 100_000): Promise<BenchResult[]> => {
  const dataDir = await mkdtemp(join(tmpdir(), "portcullis-cold-"));
  try {
    const options = {
      dataDir,
      site: { file: referenceSite({ doors, cardholders }), source: "bench" },
      environment: { PORTCULLIS_MAIN_KEY: KEY },
    };
    await (await Host.start(options)).stop();
    const start = performance.now();
    const host = await Host.start(options);
    const ms = performance.now() - start;
    await host.stop();
    return [{ name: `host.cold_start_ms@${doors}doors`, value: Math.round(ms), unit: "ms", n: cardholders }];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
};
