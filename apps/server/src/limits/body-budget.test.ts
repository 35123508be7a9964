import { describe, expect, it } from "vitest";
import { createBodyBudget } from "./body-budget";

describe("body budget", () => {
  it("admits bodies while they fit, then makes the next wait for a release", async () => {
    const budget = createBodyBudget({ totalBytes: 10, waitMs: 1_000 });
    const first = await budget.reserve(6);
    expect(first).not.toBeNull();
    let admitted = false;
    const second = budget.reserve(6).then((release) => {
      admitted = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(admitted).toBe(false);
    expect(budget.waiting()).toBe(1);
    first?.();
    const release = await second;
    expect(release).not.toBeNull();
    expect(budget.heldBytes()).toBe(6);
    release?.();
    release?.();
    expect(budget.heldBytes()).toBe(0);
  });

  it("answers null when no room comes within the wait, and lets smaller bodies behind it pass", async () => {
    const budget = createBodyBudget({ totalBytes: 10, waitMs: 30 });
    const held = await budget.reserve(8);
    const started = performance.now();
    expect(await budget.reserve(5)).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(budget.waiting()).toBe(0);
    expect(await budget.reserve(2)).not.toBeNull();
    held?.();
  });

  it("lets a body larger than the whole budget through alone", async () => {
    const budget = createBodyBudget({ totalBytes: 10, waitMs: 30 });
    const release = await budget.reserve(50);
    expect(release).not.toBeNull();
    expect(await budget.reserve(1)).toBeNull();
    release?.();
    expect(budget.heldBytes()).toBe(0);
  });
});
