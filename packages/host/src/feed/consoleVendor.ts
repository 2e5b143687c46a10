/**
 * The console's UI library (Preact, its hooks, signals and htm), served from the host's own
 * node_modules under `/vendor/`: the page's import map names these paths, so no CDN is reached and no
 * build step runs. Only the files listed here are served.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** `/vendor/<file>` → the package and its browser ES module. */
const VENDOR_FILES: Readonly<Record<string, readonly [pkg: string, file: string]>> = {
  "preact.mjs": ["preact", "dist/preact.mjs"],
  "preact-hooks.mjs": ["preact", "hooks/dist/hooks.mjs"],
  "signals-core.mjs": ["@preact/signals-core", "dist/signals-core.mjs"],
  "signals.mjs": ["@preact/signals", "dist/signals.mjs"],
  "htm.mjs": ["htm", "dist/htm.mjs"],
};

/** The URL path prefix of the vendored modules. */
export const VENDOR_PREFIX = "/vendor/";

const require = createRequire(import.meta.url);

/** A package's root directory: upwards from its resolved entry to the package.json of that name. */
const packageRoot = (name: string): string => {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name
    )
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`package ${name} not found from ${import.meta.url}`);
    dir = up;
  }
};

const roots = new Map<string, string>();

/** The file on disk of a vendored module's URL path, or `undefined` if the path names none. */
export const vendorFile = (urlPath: string): string | undefined => {
  if (!urlPath.startsWith(VENDOR_PREFIX)) return undefined;
  const name = urlPath.slice(VENDOR_PREFIX.length);
  if (!Object.hasOwn(VENDOR_FILES, name)) return undefined;
  const [pkg, file] = VENDOR_FILES[name]!;
  let root = roots.get(pkg);
  if (root === undefined) {
    root = packageRoot(pkg);
    roots.set(pkg, root);
  }
  return join(root, file);
};
