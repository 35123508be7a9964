import { defineConfig } from "vitest/config";
import PlainSummaryReporter from "./vitest.plain-summary.ts";

/**
 * The console in a real browser: Debian's Chromium driven by playwright-core against a Steward
 * that `pnpm start` brings up on an empty store. Alone and one file at a time (see .ci/run).
 */
export default defineConfig({
  test: {
    include: ["apps/web/e2e/**/*.browser-test.ts"],
    fileParallelism: false,
    reporters: ["default", new PlainSummaryReporter()],
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
