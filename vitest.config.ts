import { defineConfig } from "vitest/config";

// At most two workers: CI has two cores, and tests run on virtual time, not on parallelism.
export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "bench/test/**/*.test.ts"],
    pool: "threads",
    poolOptions: { threads: { minThreads: 1, maxThreads: 2 } },
    // serialport's native binding aborts the process inside a worker thread: real serial tests run in a child process.
    poolMatchGlobs: [
      ["**/host/test/devices/serial*.test.ts", "forks"],
      ["**/host/test/io/modbusRtu.test.ts", "forks"],
      ["**/host/test/io/osdpIo*.test.ts", "forks"],
      ["**/host/test/cli/startOsdpIo.test.ts", "forks"],
      ["**/bench/test/bench.test.ts", "forks"],
      ["**/host/test/cli/startModbus.test.ts", "forks"],
    ],
    testTimeout: 30_000,
  },
});
