import { defineConfig } from "vitest/config";
import PlainSummaryReporter from "./vitest.plain-summary.ts";

/**
 * Fault tests kill worker processes and restart the Postgres server, so they run alone, one
 * file at a time, after the main suite (see .ci/run). They need DATABASE_URL.
 */
export default defineConfig({
  test: {
    include: ["apps/*/src/**/*.fault-test.ts"],
    globalSetup: ["./packages/db/src/testing/global-setup.ts"],
    fileParallelism: false,
    reporters: ["default", new PlainSummaryReporter()],
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
