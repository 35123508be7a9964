import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig } from "tsdown";

// TypeScript 7 has no compiler API, so declarations come from its native compiler (the tsgo
// route), run over ../../tsconfig.publish.json: the repo root is the declarations' root, and
// `@internal` server-only fields are stripped. The build carries `@steward/events`, code and types
// bundled in, so the package needs no unpublished one.
const tsc = join(
  dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin/tsc",
);

export default defineConfig({
  entry: { index: "src/index.ts", "ai-sdk": "src/ai-sdk/index.ts" },
  format: "esm",
  platform: "node",
  target: "node20",
  fixedExtension: false,
  tsconfig: "../../tsconfig.publish.json",
  dts: { tsgo: { path: tsc } },
  // Quiet about what is expected here: the type graph is large, and a dependency's own `eval`.
  inputOptions: { checks: { eval: false, pluginTimings: false } },
});
