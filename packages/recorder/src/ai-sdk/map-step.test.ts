// Fixtures are typed with each major's own definitions (installed as `ai-v5`, `ai-v6`, `ai`),
// so a shape written here that the SDK does not produce fails the typecheck.
import type { StepResult as V7Step, ToolSet as V7Tools } from "ai";
import type { StepResult as V5Step, ToolSet as V5Tools } from "ai-v5";
import type { StepResult as V6Step, ToolSet as V6Tools } from "ai-v6";
import { describe, expect, it } from "vitest";
import { mapFinishReason, mapUsage } from "./map-step";

type Reported<Step extends { usage: unknown; finishReason: unknown }> = Pick<
  Step,
  "usage" | "finishReason"
>;

describe("mapUsage", () => {
  it("maps v5's flat usage, where cached input is the cache read", () => {
    const step: Reported<V5Step<V5Tools>> = {
      usage: {
        inputTokens: 1200,
        outputTokens: 300,
        totalTokens: 1500,
        reasoningTokens: 120,
        cachedInputTokens: 1000,
      },
      finishReason: "tool-calls",
    };
    expect(mapUsage(step.usage)).toEqual({
      inputTokens: 1200,
      outputTokens: 300,
      totalTokens: 1500,
      reasoningTokens: 120,
      cacheReadTokens: 1000,
      cacheWriteTokens: null,
    });
  });

  it("maps v5 usage a provider left partly unknown to nulls", () => {
    const step: Reported<V5Step<V5Tools>> = {
      usage: { inputTokens: undefined, outputTokens: 7, totalTokens: undefined },
      finishReason: "stop",
    };
    expect(mapUsage(step.usage)).toEqual({
      inputTokens: null,
      outputTokens: 7,
      totalTokens: null,
      reasoningTokens: null,
      cacheReadTokens: null,
      cacheWriteTokens: null,
    });
  });

  it("reads v6's token details before its deprecated flat names", () => {
    const step: Reported<V6Step<V6Tools>> = {
      usage: {
        inputTokens: 900,
        inputTokenDetails: { noCacheTokens: 300, cacheReadTokens: 500, cacheWriteTokens: 100 },
        outputTokens: 80,
        outputTokenDetails: { textTokens: 50, reasoningTokens: 30 },
        totalTokens: 980,
        reasoningTokens: 1,
        cachedInputTokens: 2,
      },
      finishReason: "stop",
    };
    expect(mapUsage(step.usage)).toEqual({
      inputTokens: 900,
      outputTokens: 80,
      totalTokens: 980,
      reasoningTokens: 30,
      cacheReadTokens: 500,
      cacheWriteTokens: 100,
    });
  });

  it("maps v7's usage, which dropped the flat names", () => {
    const step: Reported<V7Step<V7Tools>> = {
      usage: {
        inputTokens: 40,
        inputTokenDetails: { noCacheTokens: 40, cacheReadTokens: undefined, cacheWriteTokens: 0 },
        outputTokens: 12,
        outputTokenDetails: { textTokens: 12, reasoningTokens: undefined },
        totalTokens: 52,
      },
      finishReason: "length",
    };
    expect(mapUsage(step.usage)).toEqual({
      inputTokens: 40,
      outputTokens: 12,
      totalTokens: 52,
      reasoningTokens: null,
      cacheReadTokens: null,
      cacheWriteTokens: 0,
    });
  });

  it("maps the provider layer's nested usage (LanguageModelV3Usage), summing the total", () => {
    const usage = {
      inputTokens: { total: 70, noCache: 20, cacheRead: 50, cacheWrite: 5 },
      outputTokens: { total: 9, text: 6, reasoning: 3 },
    };
    expect(mapUsage(usage)).toEqual({
      inputTokens: 70,
      outputTokens: 9,
      totalTokens: 79,
      reasoningTokens: 3,
      cacheReadTokens: 50,
      cacheWriteTokens: 5,
    });
  });

  it("treats counts the contract cannot hold as unknown", () => {
    expect(mapUsage({ inputTokens: -1, outputTokens: 2.5, totalTokens: Number.NaN })).toEqual({
      inputTokens: null,
      outputTokens: null,
      totalTokens: null,
      reasoningTokens: null,
      cacheReadTokens: null,
      cacheWriteTokens: null,
    });
    expect(mapUsage(undefined).inputTokens).toBeNull();
  });
});

describe("mapFinishReason", () => {
  it("keeps v5's known reasons and turns 'unknown' into 'other', keeping the word", () => {
    const reasons: V5Step<V5Tools>["finishReason"][] = ["content-filter", "tool-calls", "unknown"];
    expect(reasons.map((reason) => mapFinishReason(reason))).toEqual([
      { finishReason: "content-filter", rawFinishReason: null },
      { finishReason: "tool-calls", rawFinishReason: null },
      { finishReason: "other", rawFinishReason: "unknown" },
    ]);
  });

  it("keeps v6's provider reason beside the unified one", () => {
    const step: Pick<V6Step<V6Tools>, "finishReason" | "rawFinishReason"> = {
      finishReason: "length",
      rawFinishReason: "max_tokens",
    };
    expect(mapFinishReason(step.finishReason, step.rawFinishReason)).toEqual({
      finishReason: "length",
      rawFinishReason: "max_tokens",
    });
  });

  it("turns v7's 'interrupted' into 'other', preferring the provider's raw reason", () => {
    const interrupted: V7Step<V7Tools>["finishReason"] = "interrupted";
    expect(mapFinishReason(interrupted, undefined)).toEqual({
      finishReason: "other",
      rawFinishReason: "interrupted",
    });
    expect(mapFinishReason(interrupted, "stream_closed")).toEqual({
      finishReason: "other",
      rawFinishReason: "stream_closed",
    });
  });

  it("reads the provider layer's { unified, raw } pair", () => {
    expect(mapFinishReason({ unified: "stop", raw: "end_turn" })).toEqual({
      finishReason: "stop",
      rawFinishReason: "end_turn",
    });
    expect(mapFinishReason({ unified: "paused", raw: undefined })).toEqual({
      finishReason: "other",
      rawFinishReason: "paused",
    });
  });

  it("leaves an absent reason empty", () => {
    expect(mapFinishReason(undefined)).toEqual({ finishReason: null, rawFinishReason: null });
  });
});
