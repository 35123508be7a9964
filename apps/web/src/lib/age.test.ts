import { describe, expect, it } from "vitest";
import { formatRelative } from "./age";

const now = Date.parse("2025-06-01T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();

describe("formatRelative", () => {
  it("says just now under 45 seconds either way", () => {
    expect(formatRelative(ago(10_000), now)).toBe("just now");
    expect(formatRelative(ago(-10_000), now)).toBe("just now");
  });

  it("picks minutes, then hours up to two days, then days", () => {
    expect(formatRelative(ago(50_000), now)).toBe("1 min ago");
    expect(formatRelative(ago(4 * 60_000), now)).toBe("4 min ago");
    expect(formatRelative(ago(3 * 3_600_000), now)).toBe("3 h ago");
    expect(formatRelative(ago(47 * 3_600_000), now)).toBe("47 h ago");
    expect(formatRelative(ago(3 * 86_400_000), now)).toBe("3 d ago");
  });

  it("speaks of the future for a time to come, such as an expiry", () => {
    expect(formatRelative(ago(-2 * 3_600_000), now)).toBe("in 2 h");
  });

  it("shows a dash for no time or an unreadable one", () => {
    expect(formatRelative(null, now)).toBe("—");
    expect(formatRelative("yesterday", now)).toBe("—");
  });
});
