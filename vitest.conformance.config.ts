import { defineConfig } from "vitest/config";
import PlainSummaryReporter from "./vitest.plain-summary.ts";

// Real instrumentations' captured exports, read from ../shared/otlp-fixtures beside the repo.
export default defineConfig({
  test: {
    include: ["apps/*/src/**/*.conformance.ts"],
    globalSetup: ["./packages/db/src/testing/global-setup.ts"],
    maxWorkers: 2,
    reporters: ["default", new PlainSummaryReporter()],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
