/** Runs the `portcullis` CLI as a child process, the way `pnpm portcullis …` does. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const main = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

/** The CLI's exit code, stdout lines and stderr. */
export interface CliRun {
  readonly code: number | null;
  readonly lines: Array<string>;
  readonly stderr: string;
}

/** Runs `portcullis ...args` with node and tsx from the repository root. */
export const portcullis = (...args: Array<string>): CliRun => {
  const result = spawnSync(process.execPath, ["--import", "tsx", main, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  return {
    code: result.status,
    lines: result.stdout.split("\n").filter((l) => l !== ""),
    stderr: result.stderr,
  };
};
