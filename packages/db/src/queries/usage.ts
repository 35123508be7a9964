import { type AnyColumn, and, asc, eq, gte, lt, type SQLWrapper, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../database";
import { type AgentType, stepUsageDaily } from "../schema";

type Scope = { workspaceId: string };

export const usageDimensions = ["day", "model", "agent"] as const;
export type UsageDimension = (typeof usageDimensions)[number];

export type UsageQuery = Scope & {
  /** UTC days as `YYYY-MM-DD`: `from` included, `to` not. */
  from: string;
  to: string;
  groupBy: readonly UsageDimension[];
};

/** One group's usage; the key fields present are those of the dimensions asked for. */
export type UsageRow = {
  /** The UTC day, `YYYY-MM-DD`. */
  day?: string;
  model?: string | null;
  agentType?: AgentType;
  agentId?: string | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  reasoningTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  steps: number;
  /** The cost of the group's priced steps in USD, exact; null when none of them is priced. */
  costUsd: string | null;
  /** Steps whose cost is unknown: when any, `costUsd` is only part of the group's cost. */
  unpricedSteps: number;
};

const u = stepUsageDaily;

/** Token sums stay exact in a JS number: 2^53 tokens is far beyond any workspace's spend. */
const total = (column: AnyColumn) => sql<number>`sum(${column})::float8`.mapWith(Number);

/**
 * Token usage and step counts of the steps that finished on the UTC days of a window, per day,
 * per model (the step's), per agent (its invocation's type and definition), or any mix of
 * these, in the order of their keys. It reads the daily rollup the worker keeps, so it costs as
 * many rows as days × groups, however many steps they hold.
 */
export function summarizeUsage(
  db: Database,
  { workspaceId, from, to, groupBy }: UsageQuery,
): SQLWrapper & PromiseLike<UsageRow[]> {
  const by = new Set(groupBy);
  const keys: Record<string, AnyPgColumn> = {
    ...(by.has("day") ? { day: u.day } : {}),
    ...(by.has("model") ? { model: u.model } : {}),
    ...(by.has("agent") ? { agentType: u.agentType, agentId: u.agentId } : {}),
  };
  const grouping = Object.values(keys);
  return db
    .select({
      ...keys,
      inputTokens: total(u.inputTokens),
      outputTokens: total(u.outputTokens),
      totalTokens: total(u.totalTokens),
      reasoningTokens: total(u.reasoningTokens),
      cacheReadTokens: total(u.cacheReadTokens),
      cacheWriteTokens: total(u.cacheWriteTokens),
      steps: total(u.stepCount),
      // Summed in numeric and answered as text, so no cent is lost to a float.
      costUsd: sql<string | null>`trim_scale(sum(${u.costUsd}))::text`,
      unpricedSteps: total(u.unpricedStepCount),
    })
    .from(u)
    .where(and(eq(u.workspaceId, workspaceId), gte(u.day, from), lt(u.day, to)))
    .groupBy(...grouping)
    .orderBy(...grouping.map((key) => asc(key))) as unknown as SQLWrapper & PromiseLike<UsageRow[]>;
}
