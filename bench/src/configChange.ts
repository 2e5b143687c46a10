/** A single-cardholder configuration change on the reference site: applied, journalled and stored. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Host } from "@portcullis/host";
import { referenceSite } from "@portcullis/testkit";
import type { BenchResult } from "./measure";

const KEY = "22".repeat(32);

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * `config.change_ms_p50|p99@<N>cardholders`: `ConfigWriter.configure` of a `patch` of one cardholder
 * (the change `config.patch` makes), timed until it is stored — its entity row written — on a host
 * running the reference site (10 000 doors, N cardholders), one change after the other.
 */
export const configChangeBench = async (cardholders = 100_000, changes = 400): Promise<BenchResult[]> => {
  const dataDir = await mkdtemp(join(tmpdir(), "portcullis-config-"));
  const host = await Host.start({
    dataDir,
    site: { file: referenceSite({ doors: 10_000, cardholders }), source: "bench" },
    environment: { PORTCULLIS_MAIN_KEY: KEY },
  });
  try {
    const ms: number[] = [];
    for (let i = 0; i < changes + 20; i++) {
      const id = `ch${(i * 7919) % cardholders}`;
      const start = performance.now();
      const applied = await host.config.configure(
        { op: "patch", entity: "cardholder", id, fields: { lastName: `Changed ${i}` } },
        "bench",
      );
      const elapsed = performance.now() - start;
      if (applied._tag === "Left") throw new Error(applied.left.message);
      // The first changes warm the code paths up.
      if (i >= 20) ms.push(elapsed);
    }
    ms.sort((a, b) => a - b);
    const result = (name: string, value: number): BenchResult => ({
      name: `config.change_ms_${name}@${cardholders}cardholders`,
      value: Math.round(value * 100) / 100,
      unit: "ms",
      n: ms.length,
    });
    return [result("p50", percentile(ms, 50)), result("p99", percentile(ms, 99))];
  } finally {
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};
