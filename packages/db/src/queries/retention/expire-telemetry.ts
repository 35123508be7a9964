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

/** The invocation ids of a tree: a run's invocations or a root's, and all their descendants. */
function treeInvocations(workspaceId: string, tree: ExpiredTree): SQL {
  const start =
    tree.kind === "run"
      ? sql`select id from ${agentInvocations} where workspace_id = ${workspaceId} and run_id = ${tree.id}`
      : sql`select id from ${agentInvocations} where workspace_id = ${workspaceId} and id = ${tree.id}`;
  return sql`with recursive tree(id) as (
    ${start}
    union
    select i.id from ${agentInvocations} i join tree on i.workspace_id = ${workspaceId}
      and i.parent_invocation_id = tree.id
  ) select id from tree`;
}

export type TreeBatch = { workspaceId: string; tree: ExpiredTree; limit: number };

/** What one batch of a tree's deletion removed; `table: null` once the tree is gone. */
export type TreeBatchResult = { table: string | null; deleted: number };

/**
 * Deletes the next batch of an expired tree, leaves first (tool calls, steps, run records,
 * invocations, then the run or root itself), so no statement cascades through more than
 * `limit` rows of a big table. Call until it answers `table: null`.
 */
export async function deleteExpiredTreeBatch(
  db: Database,
  { workspaceId, tree, limit }: TreeBatch,
): Promise<TreeBatchResult> {
  const invocations = treeInvocations(workspaceId, tree);
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
  if (tree.kind === "run") {
    for (const [table, name] of [
      [memoryRecords, "memory_records"],
      [metrics, "metrics"],
      [checkpoints, "checkpoints"],
      [ctaEvents, "cta_events"],
    ] as const) {
      stages.push({
        table: name,
        delete: sql`delete from ${table} where (workspace_id, id) in (
          select workspace_id, id from ${table}
          where workspace_id = ${workspaceId} and run_id = ${tree.id} limit ${limit})`,
      });
    }
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
  if (tree.kind === "run") {
    stages.push({
      table: "phase_results",
      delete: sql`delete from ${phaseResults} where (workspace_id, id) in (
        select workspace_id, id from ${phaseResults}
        where workspace_id = ${workspaceId} and run_id = ${tree.id} limit ${limit})`,
    });
    stages.push({
      table: "feature_runs",
      delete: sql`delete from ${featureRuns} where workspace_id = ${workspaceId} and id = ${tree.id}`,
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
