import { and, eq, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { Database } from "../database";
import { type ToolCallStatus, type ToolOutputType, toolCalls } from "../schema";
import { newestFirst, type PageParams, type TimeRange } from "./pagination";

type Scope = { workspaceId: string };

/** The output types that mean the tool failed, and the one that means it was not allowed to run. */
export const toolErrorOutputTypes = [
  "error-text",
  "error-json",
] as const satisfies ToolOutputType[];
export const toolDenialOutputTypes = ["execution-denied"] as const satisfies ToolOutputType[];

export type ToolCallFilters = {
  toolName?: string | undefined;
  status?: ToolCallStatus | undefined;
  /** Any of these: `toolErrorOutputTypes` for errors, `toolDenialOutputTypes` for denials. */
  outputTypes?: readonly ToolOutputType[] | undefined;
  /** On `created_at`, the list's order: read along the same index. */
  created?: TimeRange | undefined;
  invocationId?: string | undefined;
};

/** What a list row shows: no input, output or error text, which the run tree answers. */
export const toolCallListColumns = {
  id: toolCalls.id,
  workspaceId: toolCalls.workspaceId,
  invocationId: toolCalls.invocationId,
  stepId: toolCalls.stepId,
  toolCallId: toolCalls.toolCallId,
  toolName: toolCalls.toolName,
  outputType: toolCalls.outputType,
  status: toolCalls.status,
  startedAt: toolCalls.startedAt,
  finishedAt: toolCalls.finishedAt,
  createdAt: toolCalls.createdAt,
  updatedAt: toolCalls.updatedAt,
};

/**
 * Tool calls newest first. Every filter leads an index of `(workspace, filter, created, id)`.
 * Several output types are read as one ordered page per type, merged: one index scan cannot
 * return `output_type in (…)` in created order, and sorting every error of a workspace would
 * grow with its history.
 */
export function listToolCalls(
  db: Database,
  { workspaceId, filters, page }: Scope & { filters: ToolCallFilters; page: PageParams },
) {
  const t = toolCalls;
  const keyset = newestFirst(t.createdAt, t.id, page.after, filters.created);
  const conditions: (SQL | undefined)[] = [
    eq(t.workspaceId, workspaceId),
    filters.toolName ? eq(t.toolName, filters.toolName) : undefined,
    filters.status ? eq(t.status, filters.status) : undefined,
    filters.invocationId ? eq(t.invocationId, filters.invocationId) : undefined,
    keyset.where,
  ];
  const pageWhere = (extra?: SQL) =>
    db
      .select(toolCallListColumns)
      .from(t)
      .where(and(...conditions, extra))
      .orderBy(...keyset.orderBy)
      .limit(page.limit + 1);
  const [first, second, ...rest] = [...new Set(filters.outputTypes ?? [])].map((type) =>
    pageWhere(eq(t.outputType, type)),
  );
  if (!first) return pageWhere();
  if (!second) return first;
  const merged = unionAll(first, second, ...rest).as("merged");
  return db
    .select()
    .from(merged)
    .orderBy(...newestFirst(merged.createdAt, merged.id, undefined).orderBy)
    .limit(page.limit + 1);
}
