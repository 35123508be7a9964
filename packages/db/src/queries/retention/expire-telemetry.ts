import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../database";
import { rowsOf } from "../../rows";
import {
  agentInvocations,
  agentSteps,
  checkpoints,
  ctaEvents,
  featureRuns,
  memoryRecords,
  metrics,
  phaseResults,
  toolCalls,
} from "../../schema";
import { affectedRows } from "./affected-rows";
import type { ExpiryBatch } from "./expire-events";

/**
 * The unit of telemetry retention is a whole tree: a finished run with everything under it, or
 * a top-level invocation outside any run with its sub-invocations, by the time it finished.
 * Rows of a kept tree are never deleted, so every rollup (a run's or an invocation's tokens,
 * cost and step count) stays exactly the sum of the rows it keeps. Runs and invocations that
 * never finished are kept.
 */
export type ExpiredTree = { kind: "run" | "invocation"; id: string };

/** Trees of one workspace that finished before `before`, oldest first. */
export async function findExpiredTrees(
  db: Database,
  { workspaceId, before, limit }: ExpiryBatch,
): Promise<ExpiredTree[]> {
  const runs = rowsOf<{ id: string }>(
    await db.execute(sql`
      select id from ${featureRuns}
      where workspace_id = ${workspaceId} and finished_at < ${before.toISOString()}
      order by finished_at limit ${limit}`),
  );
  const roots = rowsOf<{ id: string }>(
    await db.execute(sql`
      select id from ${agentInvocations}
      where workspace_id = ${workspaceId} and run_id is null and parent_invocation_id is null
        and finished_at < ${before.toISOString()}
      order by finished_at limit ${limit}`),
  );
  return [
    ...runs.map((row) => ({ kind: "run" as const, id: row.id })),
    ...roots.map((row) => ({ kind: "invocation" as const, id: row.id })),
  ];
}

/** The invocation ids of some trees: runs' invocations and roots, and all their descendants. */
function treeInvocations(workspaceId: string, runIds: string[], rootIds: string[]): SQL {
  return sql`with recursive tree(id) as (
    select id from ${agentInvocations} where workspace_id = ${workspaceId}
      and (run_id = any(${uuidArray(runIds)}) or id = any(${uuidArray(rootIds)}))
    union
    select i.id from ${agentInvocations} i join tree on i.workspace_id = ${workspaceId}
      and i.parent_invocation_id = tree.id
  ) select id from tree`;
}

const uuidArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

export type TreeBatch = { workspaceId: string; trees: readonly ExpiredTree[]; limit: number };

/** What one batch of the trees' deletion removed; `table: null` once the trees are gone. */
export type TreeBatchResult = { table: string | null; deleted: number };

/**
 * Deletes the next batch of some expired trees, leaves first (tool calls, steps, run records,
 * invocations, then the runs or roots themselves), so no statement cascades through more than
 * `limit` rows of a big table; a table is started only once the ones before it hold nothing of
 * the trees. Many small trees go in one statement: a statement and a pause per tree would make
 * most of retention's time. Call until it answers `table: null`.
 */
export async function deleteExpiredTreeBatch(
  db: Database,
  { workspaceId, trees, limit }: TreeBatch,
): Promise<TreeBatchResult> {
  const runIds = trees.filter((tree) => tree.kind === "run").map((tree) => tree.id);
  const rootIds = trees.filter((tree) => tree.kind === "invocation").map((tree) => tree.id);
  const invocations = treeInvocations(workspaceId, runIds, rootIds);
  const stages: Array<{ table: string; delete: SQL }> = [
    {
      table: "tool_calls",
      delete: sql`delete from ${toolCalls} where (workspace_id, id) in (
        select workspace_id, id from ${toolCalls}
        where workspace_id = ${workspaceId} and invocation_id in (${invocations}) limit ${limit})`,
    },
    {
      table: "agent_steps",
      delete: sql`delete from ${agentSteps} where (workspace_id, id) in (
        select workspace_id, id from ${agentSteps}
        where workspace_id = ${workspaceId} and invocation_id in (${invocations}) limit ${limit})`,
    },
  ];
  const runRecords =
    runIds.length === 0
      ? []
      : ([
          [memoryRecords, "memory_records"],
          [metrics, "metrics"],
          [checkpoints, "checkpoints"],
          [ctaEvents, "cta_events"],
        ] as const);
  for (const [table, name] of runRecords) {
    stages.push({
      table: name,
      delete: sql`delete from ${table} where (workspace_id, id) in (
        select workspace_id, id from ${table}
        where workspace_id = ${workspaceId} and run_id = any(${uuidArray(runIds)}) limit ${limit})`,
    });
  }
  // Children first: a parent deleted before them would cascade through all of them at once.
  stages.push({
    table: "agent_invocations",
    delete: sql`delete from ${agentInvocations} where (workspace_id, id) in (
      select i.workspace_id, i.id from ${agentInvocations} i
      where i.workspace_id = ${workspaceId} and i.id in (${invocations})
        and not exists (select 1 from ${agentInvocations} c
          where c.workspace_id = i.workspace_id and c.parent_invocation_id = i.id)
      limit ${limit})`,
  });
  if (runIds.length > 0) {
    stages.push({
      table: "phase_results",
      delete: sql`delete from ${phaseResults} where (workspace_id, id) in (
        select workspace_id, id from ${phaseResults}
        where workspace_id = ${workspaceId} and run_id = any(${uuidArray(runIds)}) limit ${limit})`,
    });
    stages.push({
      table: "feature_runs",
      delete: sql`delete from ${featureRuns}
        where workspace_id = ${workspaceId} and id = any(${uuidArray(runIds)})`,
    });
  }
  for (const stage of stages) {
    const deleted = affectedRows(await db.execute(stage.delete));
    if (deleted > 0) return { table: stage.table, deleted };
  }
  return { table: null, deleted: 0 };
}

/**
 * Metrics are samples of a moment, read by time: each goes when it is older than the window,
 * whether or not its run is kept (no rollup reads them).
 */
export async function deleteExpiredMetrics(
  db: Database,
  { workspaceId, before, limit }: ExpiryBatch,
): Promise<number> {
  return affectedRows(
    await db.execute(sql`
      delete from ${metrics} where (workspace_id, id) in (
        select workspace_id, id from ${metrics}
        where workspace_id = ${workspaceId} and recorded_at < ${before.toISOString()}
        limit ${limit})`),
  );
}

/** A project's checkpoints by age; a run's go with the run. */
export async function deleteExpiredProjectCheckpoints(
  db: Database,
  { workspaceId, before, limit }: ExpiryBatch,
): Promise<number> {
  return affectedRows(
    await db.execute(sql`
      delete from ${checkpoints} where (workspace_id, id) in (
        select workspace_id, id from ${checkpoints}
        where workspace_id = ${workspaceId} and run_id is null
          and created_at < ${before.toISOString()}
        limit ${limit})`),
  );
}
