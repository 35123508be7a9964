import { sql } from "drizzle-orm";
import type { Transaction } from "../../database";
import { executeApply, nothingApplied, recordSet, refExists } from "./records";

export type MemoryRow = {
  event_id: string;
  workspace_id: string;
  id: string;
  run_id: string;
  phase: string | null;
  kind: string;
  content: string;
  source_invocation_id: string | null;
  metadata: unknown;
};

export type CtaRow = {
  event_id: string;
  workspace_id: string;
  id: string;
  run_id: string | null;
  invocation_id: string | null;
  kind: string;
  prompt: string;
  options: unknown;
  expires_at: string | null;
};

export type MetricRow = {
  event_id: string;
  workspace_id: string;
  id: string;
  type: string;
  value: number;
  metadata: unknown;
  project_id: string | null;
  agent_id: string | null;
  agent_instance_id: string | null;
  task_id: string | null;
  run_id: string | null;
  recorded_at: string | null;
};

// Each record is written once, under the id the client chose: a replay changes nothing. Only a
// clash on that id is expected; one on any other key is an error, so the batch isolates the
// event and dead-letters it rather than dropping it in silence.

export function applyMemoryRecords(tx: Transaction, rows: MemoryRow[]) {
  if (rows.length === 0) return nothingApplied();
  return executeApply(
    tx,
    sql`
    with ready_events as (
      select e.* from ${recordSet(rows, "event_id uuid, workspace_id uuid, id uuid, run_id uuid, phase agent.feature_phase, kind agent.memory_kind, content text, source_invocation_id uuid, metadata jsonb")}
      where ${sql.raw(`${refExists("run_id", "feature_runs")} and e.run_id is not null and ${refExists("source_invocation_id", "agent_invocations")}`)}
    ),
    inserted as (
      insert into agent.memory_records (workspace_id, id, run_id, phase, kind, content, source_invocation_id, metadata)
      select workspace_id, id, run_id, phase, kind, content, source_invocation_id, metadata from ready_events
      on conflict (workspace_id, id) do nothing
    )
    select workspace_id, event_id from ready_events`,
  );
}

export function applyCtaRequests(tx: Transaction, rows: CtaRow[]) {
  if (rows.length === 0) return nothingApplied();
  return executeApply(
    tx,
    sql`
    with ready_events as (
      select e.* from ${recordSet(rows, "event_id uuid, workspace_id uuid, id uuid, run_id uuid, invocation_id uuid, kind agent.cta_kind, prompt text, options jsonb, expires_at timestamptz")}
      where ${sql.raw(`${refExists("run_id", "feature_runs")} and ${refExists("invocation_id", "agent_invocations")}`)}
    ),
    inserted as (
      insert into agent.cta_events (workspace_id, id, run_id, invocation_id, kind, prompt, options, expires_at)
      select workspace_id, id, run_id, invocation_id, kind, prompt, options, expires_at from ready_events
      on conflict (workspace_id, id) do nothing
    )
    select workspace_id, event_id from ready_events`,
  );
}

export function applyMetrics(tx: Transaction, rows: MetricRow[]) {
  if (rows.length === 0) return nothingApplied();
  return executeApply(
    tx,
    sql`
    with ready_events as (
      select e.* from ${recordSet(rows, "event_id uuid, workspace_id uuid, id uuid, type text, value double precision, metadata jsonb, project_id uuid, agent_id uuid, agent_instance_id uuid, task_id uuid, run_id uuid, recorded_at timestamptz")}
      where ${sql.raw(
        [
          refExists("project_id", "projects"),
          refExists("agent_id", "agents"),
          refExists("agent_instance_id", "agent_instances"),
          refExists("task_id", "tasks"),
          refExists("run_id", "feature_runs"),
        ].join(" and "),
      )}
    ),
    inserted as (
      insert into agent.metrics (workspace_id, id, type, value, metadata, project_id, agent_id, agent_instance_id, task_id, run_id, recorded_at)
      select workspace_id, id, type, value, metadata, project_id, agent_id, agent_instance_id, task_id, run_id,
        coalesce(recorded_at, now()) from ready_events
      on conflict (workspace_id, id) do nothing
    )
    select workspace_id, event_id from ready_events`,
  );
}
