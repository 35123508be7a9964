import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../database";
import { rowsOf } from "../../rows";
import { createTestWorkspace, useTestDatabase } from "../../testing";
import { applyRetention, defaultRetentionOptions } from "./run-retention";
import { setTelemetryRetention } from "./workspace-retention";

const store = useTestDatabase();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const options = { ...defaultRetentionOptions, batchSize: 2, pauseMs: 0 };

/** A run finished `finishedDaysAgo` with an invocation tree, steps, tool calls and records. */
async function insertRun(db: Database, workspaceId: string, finishedDaysAgo: number | null) {
  const run = randomUUID();
  const root = randomUUID();
  const child = randomUUID();
  const finished = finishedDaysAgo === null ? null : daysAgo(finishedDaysAgo);
  await db.execute(sql`
    insert into agent.feature_runs (workspace_id, id, title, started_at, finished_at,
      input_tokens, output_tokens, step_count)
    values (${workspaceId}, ${run}, 'run', ${daysAgo(100)}, ${finished}, 30, 6, 3)`);
  await db.execute(sql`
    insert into agent.agent_invocations (workspace_id, id, run_id, input_tokens, step_count, finished_at)
    values (${workspaceId}, ${root}, ${run}, 20, 2, ${finished}),
      (${workspaceId}, ${child}, ${run}, 10, 1, ${finished})`);
  await db.execute(sql`
    update agent.agent_invocations set parent_invocation_id = ${root}
    where workspace_id = ${workspaceId} and id = ${child}`);
  await insertSteps(db, workspaceId, root, 2);
  await insertSteps(db, workspaceId, child, 1);
  await db.execute(sql`
    insert into agent.memory_records (workspace_id, run_id, kind, content)
    values (${workspaceId}, ${run}, 'insight', 'learned')`);
  await db.execute(sql`
    insert into agent.metrics (workspace_id, run_id, type, value, recorded_at)
    values (${workspaceId}, ${run}, 'latency', 1, now())`);
  await db.execute(sql`
    insert into agent.checkpoints (workspace_id, run_id, state) values (${workspaceId}, ${run}, '{}')`);
  return run;
}

/** Steps created long ago: their age never matters, only the tree's. */
async function insertSteps(db: Database, workspaceId: string, invocationId: string, count: number) {
  for (let step = 0; step < count; step += 1) {
    const id = randomUUID();
    await db.execute(sql`
      insert into agent.agent_steps (workspace_id, id, invocation_id, step_number, input_tokens, created_at)
      values (${workspaceId}, ${id}, ${invocationId}, ${step}, 10, ${daysAgo(365)})`);
    await db.execute(sql`
      insert into agent.tool_calls (workspace_id, invocation_id, step_id, tool_call_id, tool_name, created_at)
      values (${workspaceId}, ${invocationId}, ${id}, ${randomUUID()}, 'search', ${daysAgo(365)})`);
  }
}

async function insertEventsAndQuestions(db: Database, workspaceId: string) {
  await db.execute(sql`
    insert into agent.ingested_events (workspace_id, event_id, processed_at)
    select ${workspaceId}::uuid, gen_random_uuid(), now() - (i || ' days')::interval
    from generate_series(1, 12) i`);
  await db.execute(sql`
    insert into agent.ingest_dead_letters
      (workspace_id, event_id, event_type, payload, reason, attempts, received_at, dead_at)
    values (${workspaceId}, gen_random_uuid(), 'step', '{}', 'bad', 1, ${daysAgo(40)}, ${daysAgo(40)}),
      (${workspaceId}, gen_random_uuid(), 'step', '{}', 'bad', 1, ${daysAgo(2)}, ${daysAgo(2)})`);
  await db.execute(sql`
    insert into agent.cta_events (workspace_id, kind, prompt, status, response, answered_at, created_at)
    values (${workspaceId}, 'approval', 'old, answered', 'answered', '{"approved":true}', ${daysAgo(40)}, ${daysAgo(41)}),
      (${workspaceId}, 'approval', 'recent, answered', 'answered', '{"approved":true}', ${daysAgo(1)}, ${daysAgo(2)}),
      (${workspaceId}, 'approval', 'old, pending', 'pending', null, null, ${daysAgo(90)})`);
  await db.execute(sql`
    insert into agent.metrics (workspace_id, type, value, recorded_at)
    values (${workspaceId}, 'old', 1, ${daysAgo(40)}), (${workspaceId}, 'recent', 1, ${daysAgo(1)})`);
}

const countedTables = [
  "feature_runs",
  "agent_invocations",
  "agent_steps",
  "tool_calls",
  "memory_records",
  "metrics",
  "checkpoints",
  "cta_events",
  "ingested_events",
  "ingest_dead_letters",
] as const;
type TableName = (typeof countedTables)[number];

async function countRows(db: Database, workspaceId: string) {
  const counts = {} as Record<TableName, number>;
  for (const table of countedTables) {
    const [row] = rowsOf<{ count: number }>(
      await db.execute(
        sql`select count(*)::int as count from ${sql.raw(`agent.${table}`)} where workspace_id = ${workspaceId}`,
      ),
    );
    counts[table] = Number(row?.count);
  }
  return counts;
}

async function readTrees(db: Database, workspaceId: string) {
  return rowsOf(
    await db.execute(sql`
      select r.id, r.input_tokens, r.step_count, r.updated_at,
        (select json_agg(json_build_array(i.id, i.input_tokens, i.step_count,
           (select count(*) from agent.agent_steps s where s.workspace_id = i.workspace_id and s.invocation_id = i.id))
           order by i.id)
         from agent.agent_invocations i where i.workspace_id = r.workspace_id and i.run_id = r.id) as invocations
      from agent.feature_runs r where r.workspace_id = ${workspaceId} order by r.id`),
  );
}

describe("applyRetention", () => {
  let expiring: string;
  let keeping: string;
  const oldRuns = new Map<string, string>();

  beforeAll(async () => {
    const { db } = store.current;
    expiring = (await createTestWorkspace(db, "Thirty days")).id;
    keeping = (await createTestWorkspace(db, "Keeps everything")).id;
    await setTelemetryRetention(db, { workspaceId: expiring, days: 30 });
    for (const workspaceId of [expiring, keeping]) {
      oldRuns.set(workspaceId, await insertRun(db, workspaceId, 40));
      await insertRun(db, workspaceId, 1);
      await insertRun(db, workspaceId, null);
      const oldRoot = randomUUID();
      await db.execute(sql`
        insert into agent.agent_invocations (workspace_id, id, finished_at, step_count)
        values (${workspaceId}, ${oldRoot}, ${daysAgo(45)}, 2)`);
      await insertSteps(db, workspaceId, oldRoot, 2);
      await db.execute(sql`
        with p as (
          insert into agent.projects (workspace_id, name, mode, root_path)
          values (${workspaceId}, 'p', 'genesis', '/p') returning id)
        insert into agent.checkpoints (workspace_id, project_id, state, created_at)
        select ${workspaceId}, p.id, '{}', ${daysAgo(40)} from p`);
      await insertEventsAndQuestions(db, workspaceId);
    }
  });

  it("deletes expired trees whole, keeps kept trees and their rollups exact", async () => {
    const { db } = store.current;
    const keptBefore = (await readTrees(db, expiring)).filter(
      (tree) => (tree as { id: string }).id !== oldRuns.get(expiring),
    );
    const before = await countRows(db, expiring);
    const report = await applyRetention(db, options);
    const after = await countRows(db, expiring);
    // One run of three (3 steps, 3 tool calls, 2 invocations) and one root invocation (2 steps).
    expect(after.feature_runs).toBe(before.feature_runs - 1);
    expect(after.agent_invocations).toBe(before.agent_invocations - 3);
    expect(after.agent_steps).toBe(before.agent_steps - 5);
    expect(after.tool_calls).toBe(before.tool_calls - 5);
    expect(after.memory_records).toBe(before.memory_records - 1);
    expect(after.checkpoints).toBe(before.checkpoints - 2);
    expect(await readTrees(db, expiring)).toEqual(keptBefore);
    expect(report).toMatchObject({ feature_runs: 1, agent_steps: 5, tool_calls: 5 });
  });

  it("bounds the ledger to its window and expires old dead letters and answered questions", async () => {
    const { db } = store.current;
    const counts = await countRows(db, expiring);
    // 12 ledger rows 1..12 days old; the 7-day window keeps 1..6 (7 sits just past it).
    expect(counts.ingested_events).toBe(6);
    expect(counts.ingest_dead_letters).toBe(1);
    const prompts = rowsOf<{ prompt: string }>(
      await db.execute(
        sql`select prompt from agent.cta_events where workspace_id = ${expiring} and run_id is null order by prompt`,
      ),
    );
    expect(prompts.map((row) => row.prompt)).toEqual(["old, pending", "recent, answered"]);
    const metrics = rowsOf<{ type: string }>(
      await db.execute(
        sql`select type from agent.metrics where workspace_id = ${expiring} and run_id is null`,
      ),
    );
    expect(metrics.map((row) => row.type)).toEqual(["recent"]);
  });

  it("never deletes telemetry of a workspace that keeps it, whatever another sets", async () => {
    const { db } = store.current;
    const counts = await countRows(db, keeping);
    expect(counts).toMatchObject({
      feature_runs: 3,
      agent_invocations: 7,
      agent_steps: 11,
      tool_calls: 11,
      memory_records: 3,
      checkpoints: 4,
      metrics: 5,
    });
    // The ledger, dead letters and answered questions follow the global windows everywhere.
    expect(counts.ingested_events).toBe(6);
    expect(counts.ingest_dead_letters).toBe(1);
  });

  it("keeps a second pass idempotent", async () => {
    const { db } = store.current;
    const before = await countRows(db, expiring);
    expect(await applyRetention(db, options)).toEqual({});
    expect(await countRows(db, expiring)).toEqual(before);
  });
});
