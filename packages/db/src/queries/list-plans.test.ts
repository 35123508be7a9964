import { type SQLWrapper, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { rowsOf } from "../rows";
import { createTestWorkspace, useTestDatabase } from "../testing";
import { listCtaEvents } from "./cta-events";
import { listDeadLetters } from "./ingest";
import { listInvocations } from "./invocations";
import type { PageAfter, PageParams } from "./pagination";
import { listRuns } from "./runs";
import { listToolCalls, toolDenialOutputTypes, toolErrorOutputTypes } from "./tool-calls";
import { summarizeUsage } from "./usage";

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
};

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

function describeNode(node: PlanNode) {
  const on = node["Index Name"] ?? node["Relation Name"];
  return on ? `${node["Node Type"]} on ${on}` : node["Node Type"];
}

/**
 * Two workspaces of telemetry, big enough that the planner weighs an index against a scan as
 * it does on a real store (the bench measures the same queries at 10⁷ tool calls). Generated
 * in SQL so the test spends its time on the plans, not on the load.
 */
async function seedTelemetry(db: Database, workspaceId: string) {
  const ws = sql`${workspaceId}::uuid`;
  const t0 = sql`'2026-01-01T00:00:00Z'::timestamptz`;
  await db.execute(sql`
    insert into agent.projects (workspace_id, name, mode, root_path)
    select ${ws}, 'P' || g, 'genesis', '/p' from generate_series(1, 4) g`);
  await db.execute(sql`
    insert into agent.feature_runs (workspace_id, id, title, current_phase, project_id, created_at, started_at)
    select ${ws}, md5(${workspaceId} || 'run' || g)::uuid, 'Run ' || g || ' ' || (array['login', 'billing', 'search'])[g % 3 + 1],
      (case when g % 50 = 0 then 'failed' when g % 97 = 0 then 'analysis' else 'completed' end)::agent.feature_phase,
      (select id from agent.projects p where p.workspace_id = ${ws} order by id offset g % 4 limit 1),
      ${t0} + g * interval '1 hour', ${t0} + g * interval '1 hour'
    from generate_series(1, 2000) g`);
  await db.execute(sql`
    insert into agent.agent_invocations (workspace_id, id, agent_type, model, status, run_id,
      parent_invocation_id, created_at, started_at)
    select ${ws}, md5(${workspaceId} || 'inv' || g)::uuid,
      (array['orchestrator', 'explorer', 'coder', 'judge', 'meta_judge'])[g % 5 + 1]::agent.agent_type,
      (array['gpt-5', 'o3', 'claude-sonnet-4', 'gemini-2.5-pro'])[g % 4 + 1],
      case when g % 40 = 0 then 'failed' else 'completed' end,
      md5(${workspaceId} || 'run' || ((g - 1) / 10 + 1))::uuid,
      case when (g - 1) % 10 = 0 then null else md5(${workspaceId} || 'inv' || ((g - 1) / 10 * 10 + 1))::uuid end,
      ${t0} + g * interval '6 minutes', ${t0} + g * interval '6 minutes'
    from generate_series(1, 20000) g`);
  await db.execute(sql`
    insert into agent.agent_steps (workspace_id, id, invocation_id, step_number, finished_at, created_at)
    select ${ws}, md5(${workspaceId} || 'step' || g)::uuid, md5(${workspaceId} || 'inv' || g)::uuid, 0,
      ${t0} + g * interval '6 minutes', ${t0} + g * interval '6 minutes'
    from generate_series(1, 20000) g`);
  await db.execute(sql`
    insert into agent.tool_calls (workspace_id, invocation_id, step_id, tool_call_id, tool_name,
      status, output_type, created_at)
    select ${ws}, md5(${workspaceId} || 'inv' || (g / 5 + 1))::uuid, md5(${workspaceId} || 'step' || (g / 5 + 1))::uuid,
      'c' || g, (array['read_file', 'bash', 'grep', 'write_file', 'ask_human'])[g % 5 + 1],
      case when g % 60 < 2 then 'failed' else 'completed' end,
      (case when g % 60 = 0 then 'error-text' when g % 60 = 1 then 'error-json'
        when g % 97 = 0 then 'execution-denied' else 'json' end)::agent.tool_output_type,
      ${t0} + g * interval '1 minute'
    from generate_series(1, 99995) g`);
  await db.execute(sql`
    insert into agent.cta_events (workspace_id, kind, prompt, status, response, answered_at, created_at)
    select ${ws}, 'approval', 'Proceed?', s, case when s = 'answered' then '{"approved":true}'::jsonb end,
      case when s = 'answered' then ${t0} end, ${t0} + g * interval '20 minutes'
    from generate_series(1, 5000) g,
      lateral (select case when g % 30 = 0 then 'pending' else 'answered' end as s) st`);
  await db.execute(sql`
    insert into agent.ingest_dead_letters (workspace_id, event_id, event_type, payload, reason,
      attempts, received_at, dead_at)
    select ${ws}, gen_random_uuid(), 'step.finished', '{}', 'its invocation never arrived', 5,
      ${t0} + g * interval '30 minutes', ${t0} + g * interval '30 minutes'
    from generate_series(1, 5000) g`);
}

const page: PageParams = { limit: 50 };
const deep: PageAfter = {
  createdAt: new Date("2026-02-15T00:00:00Z"),
  id: "ffffffff-ffff-ffff-ffff-ffffffffffff",
};
const range = { from: new Date("2026-01-20T00:00:00Z"), to: new Date("2026-01-27T00:00:00Z") };

describe.runIf(Boolean(process.env.DATABASE_URL))("the plans of the lists, on Postgres", () => {
  const database = useTestDatabase();
  let workspaceId = "";
  let ids: { run: string; invocation: string; root: string; project: string } = {
    run: "",
    invocation: "",
    root: "",
    project: "",
  };

  beforeAll(async () => {
    const db = database.current.db;
    expect(database.current.store).toBe("postgres");
    const other = await createTestWorkspace(db, "Other");
    await seedTelemetry(db, other.id);
    workspaceId = (await createTestWorkspace(db, "Own")).id;
    await seedTelemetry(db, workspaceId);
    await db.execute(sql`vacuum analyze`);
    const [row] = rowsOf<typeof ids>(
      await db.execute(sql`
        select r.id as run, i.id as invocation, i.parent_invocation_id as root, r.project_id as project
        from agent.agent_invocations i join agent.feature_runs r on r.workspace_id = i.workspace_id and r.id = i.run_id
        where i.workspace_id = ${workspaceId} and i.parent_invocation_id is not null and r.project_id is not null
        limit 1`),
    );
    if (!row) throw new Error("no seeded invocation");
    ids = row;
  }, 120_000);

  async function planOf(query: SQLWrapper) {
    const [row] = rowsOf<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      await database.current.db.execute(sql`explain (format json) ${query}`),
    );
    const plan = row?.["QUERY PLAN"][0]?.Plan;
    if (!plan) throw new Error("no plan");
    return nodesOf(plan);
  }

  /**
   * The plan reads `table` through `index` (or one of several equally fit) and never scans it
   * whole; `sorted` allows a Sort.
   */
  async function expectPlan(
    query: SQLWrapper,
    table: string,
    index: string | string[],
    sorted = false,
  ) {
    const nodes = await planOf(query);
    const shown = nodes.map(describeNode).join(" → ");
    const fit = [index].flat();
    expect(
      nodes.some((node) => fit.includes(node["Index Name"] ?? "")),
      `expected ${fit.join(" or ")}: ${shown}`,
    ).toBe(true);
    expect(
      nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === table),
      shown,
    ).toEqual([]);
    if (!sorted)
      expect(
        nodes.map((n) => n["Node Type"]),
        shown,
      ).not.toContain("Sort");
  }

  it("reads each runs list along its index", async () => {
    const db = database.current.db;
    const runs = (filters: Parameters<typeof listRuns>[1]["filters"], after?: PageAfter) =>
      listRuns(db, { workspaceId, filters, page: { ...page, after } });
    await expectPlan(runs({}), "feature_runs", "feature_runs_created_idx");
    await expectPlan(runs({}, deep), "feature_runs", "feature_runs_created_idx");
    // The partial index holds only the runs still going: few enough that a sort of them is cheap.
    await expectPlan(
      runs({ status: "running" }),
      "feature_runs",
      "feature_runs_running_created_idx",
      true,
    );
    // Few runs fail: the planner may fetch them all by the index and sort them, as cheap.
    await expectPlan(
      runs({ status: "failed" }),
      "feature_runs",
      "feature_runs_phase_created_idx",
      true,
    );
    // A phase that is not final is also in the partial index of running runs, which is smaller.
    await expectPlan(
      runs({ currentPhase: "analysis" }),
      "feature_runs",
      ["feature_runs_phase_created_idx", "feature_runs_running_created_idx"],
      true,
    );
    await expectPlan(
      runs({ projectId: ids.project }),
      "feature_runs",
      "feature_runs_project_created_idx",
    );
    await expectPlan(runs({ created: range }), "feature_runs", "feature_runs_created_idx");
    // Runs start about when they are created: walking the created index and checking the start
    // costs about what reading the start's index and sorting does, and the planner takes either.
    await expectPlan(
      runs({ started: range }),
      "feature_runs",
      ["feature_runs_started_idx", "feature_runs_created_idx"],
      true,
    );
    // A common word is met early walking newest first; a rare one is found by its trigrams.
    await expectPlan(
      runs({ titleContains: "billing" }),
      "feature_runs",
      ["feature_runs_created_idx", "feature_runs_title_trgm_idx"],
      true,
    );
    await expectPlan(
      runs({ titleContains: "no such title" }),
      "feature_runs",
      "feature_runs_title_trgm_idx",
      true,
    );
  });

  it("reads each invocations list along its index", async () => {
    const db = database.current.db;
    const invocations = (
      filters: Parameters<typeof listInvocations>[1]["filters"],
      after?: PageAfter,
    ) => listInvocations(db, { workspaceId, filters, page: { ...page, after } });
    const table = "agent_invocations";
    await expectPlan(invocations({}), table, "agent_invocations_created_idx");
    await expectPlan(invocations({}, deep), table, "agent_invocations_created_idx");
    await expectPlan(
      invocations({ agentType: "judge" }),
      table,
      "agent_invocations_agent_type_created_idx",
    );
    await expectPlan(invocations({ model: "o3" }), table, "agent_invocations_model_created_idx");
    await expectPlan(
      invocations({ status: "failed" }),
      table,
      "agent_invocations_status_created_idx",
    );
    await expectPlan(
      invocations({ agentId: ids.run }),
      table,
      "agent_invocations_agent_created_idx",
    );
    await expectPlan(invocations({ created: range }), table, "agent_invocations_created_idx");
    await expectPlan(
      invocations({ parentInvocationId: ids.root }),
      table,
      "agent_invocations_parent_created_idx",
    );
    await expectPlan(invocations({ runId: ids.run }), table, "agent_invocations_run_created_idx");
  });

  it("reads each tool calls list along its index", async () => {
    const db = database.current.db;
    const calls = (filters: Parameters<typeof listToolCalls>[1]["filters"], after?: PageAfter) =>
      listToolCalls(db, { workspaceId, filters, page: { ...page, after } });
    const table = "tool_calls";
    await expectPlan(calls({}), table, "tool_calls_created_idx");
    await expectPlan(calls({}, deep), table, "tool_calls_created_idx");
    await expectPlan(calls({ toolName: "ask_human" }), table, "tool_calls_tool_name_created_idx");
    await expectPlan(calls({ status: "failed" }), table, "tool_calls_status_created_idx");
    await expectPlan(
      calls({ outputTypes: toolDenialOutputTypes }),
      table,
      "tool_calls_output_type_created_idx",
    );
    // Errors are two types: one ordered read of each, merged (a sort of at most 2 × 51 rows).
    await expectPlan(
      calls({ outputTypes: toolErrorOutputTypes }, deep),
      table,
      "tool_calls_output_type_created_idx",
      true,
    );
    await expectPlan(calls({ created: range }), table, "tool_calls_created_idx");
    // One invocation's calls are few: read by the seed's index and sorted.
    await expectPlan(
      calls({ invocationId: ids.invocation }),
      table,
      "tool_calls_invocation_idx",
      true,
    );
  });

  it("reads dead letters along their index", async () => {
    const db = database.current.db;
    const table = "ingest_dead_letters";
    await expectPlan(
      listDeadLetters(db, { workspaceId, page }),
      table,
      "ingest_dead_letters_dead_idx",
    );
    await expectPlan(
      listDeadLetters(db, { workspaceId, page: { ...page, after: deep } }),
      table,
      "ingest_dead_letters_dead_idx",
    );
  });

  it("reads approvals along their index, and usage from the daily rollup", async () => {
    const db = database.current.db;
    const events = (filters: Parameters<typeof listCtaEvents>[1]["filters"]) =>
      listCtaEvents(db, { workspaceId, filters, page });
    await expectPlan(events({}), "cta_events", "cta_events_created_idx");
    await expectPlan(events({ status: "pending" }), "cta_events", "cta_events_status_created_idx");
    // Most events are answered: walking the week in order and checking the status is as good.
    await expectPlan(events({ status: "answered", created: range }), "cta_events", [
      "cta_events_status_created_idx",
      "cta_events_created_idx",
    ]);
    const nodes = await planOf(
      summarizeUsage(db, {
        workspaceId,
        from: "2026-01-01",
        to: "2026-01-31",
        groupBy: ["day", "agent"],
      }),
    );
    expect(nodes.map((n) => n["Relation Name"]).filter(Boolean)).toEqual(["step_usage_daily"]);
  });
});
