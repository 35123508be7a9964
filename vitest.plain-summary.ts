import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends the run with one plain line, `Tests: N passed, N failed, N skipped`, which any reader
 * (a person, or CI's judge of whether tests ran) can take without knowing vitest's format.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) counts[test.result().state] += 1;
    }
    const failedModules = testModules.filter((testModule) => testModule.state() === "failed");
    const failed = counts.failed + (counts.failed === 0 ? failedModules.length : 0);
    console.log(
      `\nTests: ${counts.passed} passed, ${failed} failed, ${counts.skipped + counts.pending} skipped`,
    );
  }
}
