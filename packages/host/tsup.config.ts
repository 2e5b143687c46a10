import { defineConfig } from "tsup";

// Only the host is bundled; workspace packages are inlined from their TypeScript sources.
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  dts: false,
  clean: true,
  noExternal: [/^@portcullis\//],
  banner: { js: "#!/usr/bin/env node" },
  // The console is static files served from beside the entry point.
  onSuccess: "rm -rf dist/console && cp -r src/console dist/console",
});
