import { sql } from "drizzle-orm";
import type { Transaction } from "../../database";
import { executeApply, nothingApplied, recordSet, refExists } from "./records";

export type InvocationStartedRow = {
  event_id: string;
  workspace_id: string;
  id: string;
  agent_type: string | null;
  agent_name: string | null;
  trace_id: string | null;
  conversation_key: string | null;
  agent_id: string | null;
  parent_invocation_id: string | null;
  run_id: string | null;
  phase_result_id: string | null;
  task_id: string | null;
  conversation_id: string | null;
  model: string | null;
  input: unknown;
  started_at: string;
};

const startedColumns = `event_id uuid, workspace_id uuid, id uuid, agent_type agent.agent_type,
  agent_name text, trace_id text, conversation_key text, agent_id uuid, parent_invocation_id uuid, run_id uuid, phase_result_id uuid, task_id uuid,
  conversation_id uuid, model text, input jsonb, started_at timestamptz`;

/**
 * Creates invocations whose referenced rows exist; the others wait. A run is inherited from
 * the phase result or the parent when the event does not name it, so every invocation of a
 * run carries its `run_id` (the run tree and the run's rollups read it). A start that arrives
 * after the invocation exists fills only what is still empty.
 */
export function applyInvocationsStarted(tx: Transaction, rows: InvocationStartedRow[]) {
  if (rows.length === 0) return nothingApplied();
  return executeApply(
    tx,
    sql`
    with ready_events as (
      select e.*,
        coalesce(e.run_id,
          (select pr.run_id from agent.phase_results pr where pr.workspace_id = e.workspace_id and pr.id = e.phase_result_id),
          (select p.run_id from agent.agent_invocations p where p.workspace_id = e.workspace_id and p.id = e.parent_invocation_id)
        ) as resolved_run_id
      from ${recordSet(rows, startedColumns)}
      where ${sql.raw(
        [
          refExists("parent_invocation_id", "agent_invocations"),
          refExists("run_id", "feature_runs"),
          refExists("phase_result_id", "phase_results"),
          refExists("task_id", "tasks"),
          refExists("conversation_id", "conversations"),
          refExists("agent_id", "agents"),
        ].join(" and "),
      )}
    ),
    ready as (
      select distinct on (workspace_id, id) * from ready_events order by workspace_id, id, started_at
    ),
    inserted as (
      insert into agent.agent_invocations as i (workspace_id, id, agent_type, agent_name,
        trace_id, conversation_key, agent_id, parent_invocation_id, run_id, phase_result_id, task_id, conversation_id, model, input,
        started_at, status)
      select workspace_id, id, agent_type, agent_name, trace_id, conversation_key, agent_id,
        parent_invocation_id, resolved_run_id,
        phase_result_id, task_id, conversation_id, model, input, started_at, 'running'
      from ready
      on conflict (workspace_id, id) do update set
        model = coalesce(i.model, excluded.model),
        agent_name = coalesce(i.agent_name, excluded.agent_name),
        trace_id = coalesce(i.trace_id, excluded.trace_id),
        conversation_key = coalesce(i.conversation_key, excluded.conversation_key),
        input = coalesce(i.input, excluded.input),
        started_at = least(i.started_at, excluded.started_at),
        updated_at = now()
    )
    select workspace_id, event_id from ready_events`,
  );
}

export type InvocationFinishedRow = {
  event_id: string;
  workspace_id: string;
  invocation_id: string;
  status: string;
  output: unknown;
  error: string | null;
  finished_at: string;
};

/** Finishes invocations that exist; a finish that arrives before its start waits for it. */
export function applyInvocationsFinished(tx: Transaction, rows: InvocationFinishedRow[]) {
  if (rows.length === 0) return nothingApplied();
  return executeApply(
    tx,
    sql`
    with e as (select * from ${recordSet(
      rows,
      "event_id uuid, workspace_id uuid, invocation_id uuid, status text, output jsonb, error text, finished_at timestamptz",
    )}),
    ready as (
      select e.* from e
      where exists (select 1 from agent.agent_invocations i
        where i.workspace_id = e.workspace_id and i.id = e.invocation_id)
    ),
    updated as (
      update agent.agent_invocations i set
        status = f.status,
        output = coalesce(f.output, i.output),
        error = coalesce(f.error, i.error),
        finished_at = f.finished_at,
        updated_at = now()
      from (select distinct on (workspace_id, invocation_id) * from ready
            order by workspace_id, invocation_id, finished_at desc) f
      where i.workspace_id = f.workspace_id and i.id = f.invocation_id
    )
    select workspace_id, event_id from ready`,
  );
}
