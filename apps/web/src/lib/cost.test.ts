import { describe, expect, it } from "vitest";
import { formatStepCost, formatTotalCost } from "./cost";

describe("costs as the console shows them", () => {
  it("shows a step's exact cost, and an unknown one as unknown, never $0", () => {
    expect(formatStepCost("0.000123456789")).toBe("$0.000123456789");
    expect(formatStepCost("0")).toBe("$0");
    expect(formatStepCost(null)).toBe("unknown");
  });

  it("says when a total lacks the cost of some steps", () => {
    expect(formatTotalCost({ costUsd: "1.25", unpricedStepCount: 0 })).toBe("$1.25");
    expect(formatTotalCost({ costUsd: null, unpricedStepCount: 0 })).toBe("—");
    expect(formatTotalCost({ costUsd: "1.25", unpricedStepCount: 2 })).toBe(
      "≥ $1.25 (2 steps unpriced)",
    );
    expect(formatTotalCost({ costUsd: null, unpricedStepCount: 1 })).toBe(
      "unknown (1 step unpriced)",
    );
  });
});
