import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../database";
import { type AgentType, agentInvocations } from "../../schema";
import { newestFirst, type PageParams, type TimeRange } from "../pagination";
import { invocationSkeletonColumns, type RowOf } from "./columns";
import { readStepPage, type StepCursor, type StepPage } from "./step-page";

type Scope = { workspaceId: string };
type InvocationSkeleton = RowOf<typeof invocationSkeletonColumns>;

/** A tree of invocations outside any run, read like a run's skeleton (see RunSkeletonPage). */
export type TraceSkeletonPage = StepPage & {
  root: InvocationSkeleton;
  /** The root and all its descendants, in start order; null after the first page. */
  invocations: InvocationSkeleton[] | null;
};

export type TraceOutcome =
  | { outcome: "found"; page: TraceSkeletonPage }
  | { outcome: "missing" }
  /** The invocation counts toward a run, whose skeleton shows it. */
  | { outcome: "inRun"; runId: string };

/**
 * The invocation and everything under it by parent links. `union` (not `union all`) keeps a
 * parent cycle, which the foreign keys cannot forbid, from recursing forever.
 */
function inTraceOf(workspaceId: string, rootId: string): SQL {
  return sql`${agentInvocations.id} in (
    with recursive trace (id) as (
      select ${rootId}::uuid
      union
      select child.id from ${agentInvocations} child
      join trace on child.workspace_id = ${workspaceId} and child.parent_invocation_id = trace.id
    )
    select id from trace)`;
}

/**
 * One page of the trace rooted at `invocationId`, an invocation of no run; any invocation of no
 * run roots the trace of its own subtree. Read in one read-only snapshot, like a run's.
 */
export function getTraceSkeleton(
  db: Database,
  {
    workspaceId,
    invocationId,
    after,
    limit,
  }: Scope & { invocationId: string; after?: StepCursor | undefined; limit: number },
): Promise<TraceOutcome> {
  return db.transaction(
    async (tx): Promise<TraceOutcome> => {
      const [root] = await tx
        .select(invocationSkeletonColumns)
        .from(agentInvocations)
        .where(
          and(eq(agentInvocations.workspaceId, workspaceId), eq(agentInvocations.id, invocationId)),
        );
      if (!root) return { outcome: "missing" };
      if (root.runId !== null) return { outcome: "inRun", runId: root.runId };
      const inTrace = inTraceOf(workspaceId, root.id);
      const invocations =
        after === undefined
          ? await tx
              .select(invocationSkeletonColumns)
              .from(agentInvocations)
              .where(and(eq(agentInvocations.workspaceId, workspaceId), inTrace))
              .orderBy(asc(agentInvocations.startedAt), asc(agentInvocations.id))
          : null;
      const page = await readStepPage(tx, { workspaceId, owners: inTrace, after, limit });
      return { outcome: "found", page: { root, invocations, ...page } };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

export type TraceRootFilters = {
  agentType?: AgentType | undefined;
  /** On `started_at`, the list's order: `from` inclusive, `to` exclusive. */
  started?: TimeRange | undefined;
};

/**
 * The roots of traces, newest start first: invocations of no run and no parent. The page
 * cursor runs on `started_at`.
 */
export function listTraceRoots(
  db: Database,
  { workspaceId, filters, page }: Scope & { filters: TraceRootFilters; page: PageParams },
) {
  const t = agentInvocations;
  const keyset = newestFirst(t.startedAt, t.id, page.after, filters.started);
  return db
    .select(invocationSkeletonColumns)
    .from(t)
    .where(
      and(
        eq(t.workspaceId, workspaceId),
        isNull(t.runId),
        isNull(t.parentInvocationId),
        filters.agentType ? eq(t.agentType, filters.agentType) : undefined,
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}
