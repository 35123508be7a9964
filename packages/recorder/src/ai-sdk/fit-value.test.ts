import { ingestLimits } from "@steward/events";
import { describe, expect, it } from "vitest";
import { fitJson, fitLabel, fitText, jsonBudget, textBudget } from "./fit-value";

describe("fitText", () => {
  it("keeps short text and empties the empty", () => {
    expect(fitText("hello")).toBe("hello");
    expect(fitText("")).toBeNull();
    expect(fitText(42)).toBeNull();
  });

  it("cuts to the contract's length and to the JSON budget, escapes included", () => {
    expect(fitText("a".repeat(ingestLimits.maxTextLength + 10))).toHaveLength(
      ingestLimits.maxTextLength,
    );
    const quoted = fitText('"'.repeat(90_000)) ?? "";
    expect(JSON.stringify(quoted).length).toBeLessThanOrEqual(textBudget);
    expect(quoted.length).toBeGreaterThan(50_000);
  });

  it("never leaves half of a surrogate pair at the cut", () => {
    const text = fitText("😀".repeat(ingestLimits.maxTextLength)) ?? "";
    expect(text.length % 2).toBe(0);
    expect(text.endsWith("😀")).toBe(true);
  });
});

describe("NUL characters, which Postgres cannot store", () => {
  it("are removed from text, labels, and JSON values and keys", () => {
    expect(fitText("a\u0000b")).toBe("ab");
    expect(fitText("\u0000")).toBeNull();
    expect(fitLabel("tool\u0000_1")).toBe("tool_1");
    expect(fitJson({ "k\u0000": ["v\u0000", { n: 1 }] })).toEqual({ k: ["v", { n: 1 }] });
  });
});

describe("fitJson", () => {
  it("passes small values as plain JSON", () => {
    expect(fitJson({ a: [1, "b"], when: new Date(0) })).toEqual({
      a: [1, "b"],
      when: "1970-01-01T00:00:00.000Z",
    });
    expect(fitJson(undefined)).toBeUndefined();
  });

  it("turns a large value into a marked preview that stays in budget", () => {
    const fitted = fitJson({ rows: Array.from({ length: 20_000 }, (_, i) => `"row ${i}"`) });
    expect(fitted).toMatchObject({ truncated: true, length: expect.any(Number) });
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(jsonBudget);
  });

  it("says so when a value cannot be serialized", () => {
    expect(fitJson({ big: 1n })).toEqual({ unserializable: expect.stringMatching(/BigInt/) });
  });
});

describe("fitLabel", () => {
  it("trims, cuts to the contract's label length, and empties blanks", () => {
    expect(fitLabel("  gpt-4o  ")).toBe("gpt-4o");
    expect(fitLabel("x".repeat(500))).toHaveLength(ingestLimits.maxNameLength);
    expect(fitLabel("   ")).toBeNull();
    expect(fitLabel(undefined)).toBeNull();
  });
});
