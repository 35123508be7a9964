import { sql } from "drizzle-orm";
import type { Transaction } from "../../database";
import { executeApply, nothingApplied, recordSet } from "./records";

export type ToolCallRow = {
  event_id: string;
  workspace_id: string;
  id: string;
  invocation_id: string;
  step_id: string;
  tool_call_id: string;
  tool_name: string;
  input: unknown;
  output_type: string | null;
  output: unknown;
  error: string | null;
  status: "running" | "completed" | "failed";
  started_at: string | null;
  finished_at: string | null;
};

const toolCallColumns = `event_id uuid, workspace_id uuid, id uuid, invocation_id uuid,
  step_id uuid, tool_call_id text, tool_name text, input jsonb, output_type agent.tool_output_type,
  output jsonb, error text, status text, started_at timestamptz, finished_at timestamptz`;

/**
 * Writes tool calls whose step exists (in the invocation they name); the others wait. Start
 * and finish may arrive in either order: each fills what it knows, a finish always wins the
 * status and output, and a late start never moves a finished call back to running. Callers
 * pass starts and finishes in separate calls, so no statement touches one call twice.
 */
export function applyToolCalls(tx: Transaction, rows: ToolCallRow[]) {
  if (rows.length === 0) return nothingApplied();
  return executeApply(
    tx,
    sql`
    with ready_events as (
      select e.* from ${recordSet(rows, toolCallColumns)}
      where exists (select 1 from agent.agent_steps s
        where s.workspace_id = e.workspace_id and s.id = e.step_id and s.invocation_id = e.invocation_id)
    ),
    ready as (
      select distinct on (workspace_id, id) * from ready_events
      order by workspace_id, id, finished_at desc nulls last
    ),
    written as (
      insert into agent.tool_calls as t (workspace_id, id, invocation_id, step_id, tool_call_id,
        tool_name, input, output_type, output, error, status, started_at, finished_at)
      select workspace_id, id, invocation_id, step_id, tool_call_id, tool_name, input,
        output_type, output, error, status, started_at, finished_at
      from ready
      on conflict (workspace_id, id) do update set
        input = coalesce(t.input, excluded.input),
        started_at = coalesce(t.started_at, excluded.started_at),
        output_type = coalesce(excluded.output_type, t.output_type),
        output = case when excluded.finished_at is not null then excluded.output else t.output end,
        error = coalesce(excluded.error, t.error),
        finished_at = coalesce(excluded.finished_at, t.finished_at),
        status = case when excluded.finished_at is not null then excluded.status
                      when t.finished_at is not null then t.status
                      else excluded.status end,
        updated_at = now()
    )
    select workspace_id, event_id from ready_events`,
  );
}
