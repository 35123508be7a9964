import { and, eq, type SQL } from "drizzle-orm";
import type { Database } from "../database";
import { type AgentType, agentInvocations, type InvocationStatus } from "../schema";
import { newestFirst, type PageParams, type TimeRange } from "./pagination";

type Scope = { workspaceId: string };

export type InvocationFilters = {
  agentId?: string | undefined;
  agentType?: AgentType | undefined;
  model?: string | undefined;
  status?: InvocationStatus | undefined;
  /** On `created_at`, the list's order: read along the same index. */
  created?: TimeRange | undefined;
  parentInvocationId?: string | undefined;
  runId?: string | undefined;
  agentName?: string | undefined;
  traceId?: string | undefined;
  conversationKey?: string | undefined;
};

/** What a list row shows: no input, output or error, which the run tree answers. */
export const invocationListColumns = {
  id: agentInvocations.id,
  workspaceId: agentInvocations.workspaceId,
  agentType: agentInvocations.agentType,
  agentName: agentInvocations.agentName,
  traceId: agentInvocations.traceId,
  conversationKey: agentInvocations.conversationKey,
  agentId: agentInvocations.agentId,
  parentInvocationId: agentInvocations.parentInvocationId,
  runId: agentInvocations.runId,
  phaseResultId: agentInvocations.phaseResultId,
  taskId: agentInvocations.taskId,
  conversationId: agentInvocations.conversationId,
  model: agentInvocations.model,
  status: agentInvocations.status,
  inputTokens: agentInvocations.inputTokens,
  outputTokens: agentInvocations.outputTokens,
  totalTokens: agentInvocations.totalTokens,
  reasoningTokens: agentInvocations.reasoningTokens,
  cacheReadTokens: agentInvocations.cacheReadTokens,
  cacheWriteTokens: agentInvocations.cacheWriteTokens,
  stepCount: agentInvocations.stepCount,
  costUsd: agentInvocations.costUsd,
  unpricedStepCount: agentInvocations.unpricedStepCount,
  startedAt: agentInvocations.startedAt,
  finishedAt: agentInvocations.finishedAt,
  createdAt: agentInvocations.createdAt,
  updatedAt: agentInvocations.updatedAt,
};

/**
 * Invocations newest first. Every filter leads an index of `(workspace, filter, created, id)`,
 * so a page with one filter reads `limit + 1` index entries; with several, the planner walks the
 * most selective one and checks the others on the rows it meets.
 */
export function listInvocations(
  db: Database,
  { workspaceId, filters, page }: Scope & { filters: InvocationFilters; page: PageParams },
) {
  const t = agentInvocations;
  const keyset = newestFirst(t.createdAt, t.id, page.after, filters.created);
  const conditions: (SQL | undefined)[] = [
    eq(t.workspaceId, workspaceId),
    filters.agentId ? eq(t.agentId, filters.agentId) : undefined,
    filters.agentType ? eq(t.agentType, filters.agentType) : undefined,
    filters.model ? eq(t.model, filters.model) : undefined,
    filters.status ? eq(t.status, filters.status) : undefined,
    filters.parentInvocationId ? eq(t.parentInvocationId, filters.parentInvocationId) : undefined,
    filters.runId ? eq(t.runId, filters.runId) : undefined,
    filters.agentName ? eq(t.agentName, filters.agentName) : undefined,
    filters.traceId ? eq(t.traceId, filters.traceId) : undefined,
    filters.conversationKey ? eq(t.conversationKey, filters.conversationKey) : undefined,
    keyset.where,
  ];
  return db
    .select(invocationListColumns)
    .from(t)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}
