/** Cardholder CSV export and import (seed "Import and export") on a host with a stored 100 000-cardholder site. */
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Host, hostTransfer, ImportOptions, photoFolder } from "@portcullis/host";
import { referenceSite } from "@portcullis/testkit";
import { Either, Schema } from "effect";
import type { BenchResult } from "./measure";

const KEY = "22".repeat(32);

/**
 * `csv.export_s@<N>rows`: every cardholder written to a CSV file, streaming. `csv.import_s@<N>rows`:
 * that file imported with New through the configuration path — read, checked row by row, the undo
 * point saved, the whole site validated, applied and stored. A site of 100 doors carries the rows.
 */
export const csvBench = async (rows = 100_000, doors = 100): Promise<BenchResult[]> => {
  const dataDir = await mkdtemp(join(tmpdir(), "portcullis-csv-"));
  const file = join(dataDir, "cardholders.csv");
  try {
    const host = await Host.start({
      dataDir,
      site: { file: referenceSite({ doors, cardholders: rows }), source: "bench" },
      environment: { PORTCULLIS_MAIN_KEY: KEY },
    });
    try {
      const transfer = hostTransfer(host, photoFolder(dataDir));
      const exportStart = performance.now();
      const out = createWriteStream(file);
      const written = await transfer.exportTo(out);
      out.end();
      await once(out, "finish");
      const exportS = (performance.now() - exportStart) / 1000;

      const importStart = performance.now();
      const imported = await transfer.import(
        createReadStream(file),
        Schema.decodeSync(ImportOptions)({ mode: "new" }),
        "bench",
      );
      await host.configSaved();
      const importS = (performance.now() - importStart) / 1000;
      if (Either.isLeft(imported)) throw new Error(`bench import refused: ${imported.left.message}`);
      return [
        { name: `csv.export_s@${rows}rows`, value: round(exportS), unit: "s", n: written },
        { name: `csv.import_s@${rows}rows`, value: round(importS), unit: "s", n: imported.right.added },
      ];
    } finally {
      await host.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
};

const round = (s: number): number => Math.round(s * 100) / 100;
