import { finishReasonValues } from "@steward/events";
import { asRecord } from "./as-record";
import { fitLabel } from "./fit-value";

/**
 * The AI SDK's token usage and finish reasons, in every shape it has shipped, mapped to the
 * contract. Pure: the shapes come from the SDK's own type definitions —
 *
 * - v5 (`ai@5`, `LanguageModelV2Usage`): flat `{ inputTokens, outputTokens, totalTokens,
 *   reasoningTokens?, cachedInputTokens? }`; finish reason a string, with `'unknown'`.
 * - v6 and v7 (`ai@6`, `ai@7` `LanguageModelUsage`): `inputTokens`/`outputTokens` plus
 *   `inputTokenDetails { noCacheTokens, cacheReadTokens, cacheWriteTokens }` and
 *   `outputTokenDetails { textTokens, reasoningTokens }` (v6 still carries the v5 names,
 *   deprecated); finish reason a string (v7 adds `'interrupted'`) beside `rawFinishReason`.
 * - the provider layer under v6/v7 (`LanguageModelV3Usage`/`V4Usage`): nested
 *   `inputTokens { total, noCache, cacheRead, cacheWrite }`, `outputTokens { total, text,
 *   reasoning }`; finish reason `{ unified, raw }`.
 */

export type StepUsage = {
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  reasoningTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
};

export type FinishReason = (typeof finishReasonValues)[number];

export function mapUsage(usage: unknown): StepUsage {
  const flat = asRecord(usage);
  const inputDetails = asRecord(flat.inputTokenDetails);
  const outputDetails = asRecord(flat.outputTokenDetails);
  const nestedInput = asRecord(flat.inputTokens);
  const nestedOutput = asRecord(flat.outputTokens);
  const inputTokens = tokenCount(flat.inputTokens) ?? tokenCount(nestedInput.total);
  const outputTokens = tokenCount(flat.outputTokens) ?? tokenCount(nestedOutput.total);
  return {
    inputTokens,
    outputTokens,
    // The provider layer reports no total; the SDK's own total is input plus output.
    totalTokens:
      tokenCount(flat.totalTokens) ??
      (inputTokens !== null && outputTokens !== null ? inputTokens + outputTokens : null),
    reasoningTokens:
      tokenCount(outputDetails.reasoningTokens) ??
      tokenCount(flat.reasoningTokens) ??
      tokenCount(nestedOutput.reasoning),
    cacheReadTokens:
      tokenCount(inputDetails.cacheReadTokens) ??
      tokenCount(flat.cachedInputTokens) ??
      tokenCount(nestedInput.cacheRead),
    cacheWriteTokens:
      tokenCount(inputDetails.cacheWriteTokens) ?? tokenCount(nestedInput.cacheWrite),
  };
}

/**
 * The contract knows seed 001's reasons; any other (v5's `'unknown'`, v7's `'interrupted'`, a
 * future one) becomes `'other'`, and the word is kept in `rawFinishReason` unless the provider
 * gave its own raw reason, which says more.
 */
export function mapFinishReason(
  finishReason: unknown,
  rawFinishReason?: unknown,
): { finishReason: FinishReason | null; rawFinishReason: string | null } {
  const pair = asRecord(finishReason);
  const unified =
    typeof finishReason === "string"
      ? finishReason
      : typeof pair.unified === "string"
        ? pair.unified
        : null;
  const raw = fitLabel(rawFinishReason) ?? fitLabel(pair.raw);
  if (unified === null) return { finishReason: null, rawFinishReason: raw };
  if (isContractReason(unified)) return { finishReason: unified, rawFinishReason: raw };
  return { finishReason: "other", rawFinishReason: raw ?? fitLabel(unified) };
}

function isContractReason(value: string): value is FinishReason {
  return (finishReasonValues as readonly string[]).includes(value);
}

/** Counts the contract can hold; anything else (NaN, negative, fractional) is unknown. */
function tokenCount(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 100_000_000
    ? value
    : null;
}
