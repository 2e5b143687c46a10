/** Measurement helpers shared by every bench scenario. */

/** One bench result, as DESIGN §8 names it: `area.metric[@<N><unit>]`. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Operations (or samples) behind the value. */
  readonly n: number;
}

/** How long each rate is measured; tests shorten it. */
export const timing = { measureMs: 1_000, warmupMs: 100 };

const BATCH = 1_000;

/** Runs `op` in batches for about `timing.measureMs` after a warm-up and returns operations per second. */
export const perSecond = (op: () => void, batch = BATCH): { value: number; n: number } => {
  const warmUntil = performance.now() + timing.warmupMs;
  while (performance.now() < warmUntil) for (let i = 0; i < batch; i++) op();
  let n = 0;
  let elapsed = 0;
  const start = performance.now();
  while (elapsed < timing.measureMs) {
    for (let i = 0; i < batch; i++) op();
    n += batch;
    elapsed = performance.now() - start;
  }
  return { value: Math.round((n * 1000) / elapsed), n };
};

/** A rate result for `op`. */
export const rate = (name: string, unit: string, op: () => void, batch = BATCH): BenchResult => ({
  name,
  unit,
  ...perSecond(op, batch),
});

/** Heap in use after a full collection (the bench runs with `--expose-gc`). */
export const settledHeap = (): number => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
