import { bigint, integer, numeric } from "drizzle-orm/pg-core";

/** One model call's token usage as the provider reported it; any figure may be missing. */
export const stepUsageColumns = {
  inputTokens: integer("input_tokens"),
  outputTokens: integer("output_tokens"),
  totalTokens: integer("total_tokens"),
  reasoningTokens: integer("reasoning_tokens"),
  cacheReadTokens: integer("cache_read_tokens"),
  cacheWriteTokens: integer("cache_write_tokens"),
};

/**
 * What a step cost in USD, exact (numeric, any scale): priced when the worker applies it. Null
 * when the cost is unknown (a model without a price, or a step that did not report its input
 * and output tokens), which is never the same as 0.
 */
export const stepCostColumns = {
  costUsd: numeric("cost_usd"),
};

/**
 * Totals rolled up from steps. Token totals are never null, so adding to them needs no
 * coalesce. `cost_usd` sums the steps whose cost is known (null while none is) and
 * `unpriced_step_count` counts the others: a total with unpriced steps is only part of the cost.
 */
export const usageTotalColumns = {
  inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
  outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
  totalTokens: bigint("total_tokens", { mode: "number" }).notNull().default(0),
  reasoningTokens: bigint("reasoning_tokens", { mode: "number" }).notNull().default(0),
  cacheReadTokens: bigint("cache_read_tokens", { mode: "number" }).notNull().default(0),
  cacheWriteTokens: bigint("cache_write_tokens", { mode: "number" }).notNull().default(0),
  stepCount: integer("step_count").notNull().default(0),
  costUsd: numeric("cost_usd"),
  unpricedStepCount: integer("unpriced_step_count").notNull().default(0),
};
