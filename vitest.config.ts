import { defineConfig } from "vitest/config";
import PlainSummaryReporter from "./vitest.plain-summary.ts";

export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "apps/*/src/**/*.test.ts",
      "apps/web/src/**/*.test.tsx",
    ],
    globalSetup: ["./packages/db/src/testing/global-setup.ts"],
    // Each file opens its own database copy; two cores do not gain from more workers.
    maxWorkers: 2,
    reporters: ["default", new PlainSummaryReporter()],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
