import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryCapMs, retryDelayMs } from "./backoff";

describe("retryDelayMs", () => {
  it("doubles the ceiling from 200 ms and draws below it", () => {
    const half = () => 0.5;
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, { random: half }))).toEqual([
      100, 200, 400, 800,
    ]);
    expect(retryDelayMs(0, { random: () => 0 })).toBe(0);
    expect(retryDelayMs(0, { random: () => 0.999 })).toBeLessThan(200);
  });

  it("never waits past the 10 s cap, whatever the attempt or Retry-After", () => {
    expect(retryDelayMs(30, { random: () => 0.999 })).toBeLessThan(retryCapMs);
    expect(retryDelayMs(1, { random: () => 0, retryAfterMs: 60_000 })).toBe(retryCapMs);
  });

  it("waits at least as long as the server's Retry-After asks", () => {
    expect(retryDelayMs(0, { random: () => 0.5, retryAfterMs: 3000 })).toBe(3000);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, and ignores the unreadable", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
