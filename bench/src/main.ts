/**
 * `pnpm bench`: runs every scenario and prints a table, or writes JSON with `--json FILE` (DESIGN §8);
 * `--only NAME` runs the scenarios whose name starts with NAME (`--only osdp`: osdpBench and osdpLineBench).
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { doorBench, doorFloorBench } from "./door";
import type { BenchResult } from "./measure";
import { osdpBench } from "./osdp";
import { siteBench } from "./site";
import { swipeFloorBench } from "./swipeFloor";
import { wiegandBench } from "./wiegand";
import { journalBench } from "./journal";
import { journalQueryBench } from "./journalQuery";
import { wsFanoutBench } from "./wsFanout";
import { cardToRelayBench } from "./cardToRelay";
import { osdpLineBench } from "./osdpLine";
import { coldStartBench } from "./coldStart";
import { configChangeBench } from "./configChange";
import { relayToOutputBench } from "./relayToOutput";
import { csvBench } from "./csv";
import { multiInitialSyncBench, multiPropagationBench } from "./multi";

// Floors first, so every hot path's ratio to its floor comes from the same run.
const scenarios: ReadonlyArray<() => BenchResult[] | Promise<BenchResult[]>> = [
  doorFloorBench,
  swipeFloorBench,
  doorBench,
  siteBench,
  wiegandBench,
  osdpBench,
  osdpLineBench,
  journalBench,
  journalQueryBench,
  wsFanoutBench,
  cardToRelayBench,
  relayToOutputBench,
  coldStartBench,
  csvBench,
  configChangeBench,
  multiPropagationBench,
  multiInitialSyncBench,
];

const machine = () => ({
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
});

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf("--json");
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && jsonFile === undefined) throw new Error("--json needs a file name");
  const onlyAt = args.indexOf("--only");
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  if (onlyAt >= 0 && only === undefined) throw new Error("--only needs a scenario name");
  if ((globalThis as { gc?: unknown }).gc === undefined)
    console.error("note: run with --expose-gc for heap figures");
  const results: BenchResult[] = [];
  for (const scenario of scenarios) {
    if (only !== undefined && !scenario.name.startsWith(only)) continue;
    for (const r of await scenario()) {
      results.push(r);
      console.log(`${r.name.padEnd(48)} ${String(r.value).padStart(14)} ${r.unit.padEnd(14)} n=${r.n}`);
    }
  }
  if (jsonFile !== undefined)
    writeFileSync(jsonFile, `${JSON.stringify({ machine: machine(), results }, null, 2)}\n`);
};

await main();
