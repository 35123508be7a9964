import { sql } from "drizzle-orm";
import type { Transaction } from "../../database";
import { executeApply, nothingApplied, recordSet } from "./records";
import { addCosts, costResums, costSums, stepCost, stepPrice } from "./step-cost";

export type StepFinishedRow = {
  event_id: string;
  workspace_id: string;
  id: string;
  invocation_id: string;
  step_number: number;
  text: string | null;
  reasoning: string | null;
  finish_reason: string | null;
  raw_finish_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  reasoning_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  model: string | null;
  response_id: string | null;
  started_at: string | null;
  finished_at: string;
};

const stepColumns = `event_id uuid, workspace_id uuid, id uuid, invocation_id uuid,
  step_number integer, text text, reasoning text, finish_reason agent.finish_reason,
  raw_finish_reason text, input_tokens integer, output_tokens integer, total_tokens integer,
  reasoning_tokens integer, cache_read_tokens integer, cache_write_tokens integer, model text,
  response_id text, started_at timestamptz, finished_at timestamptz`;

const usage = [
  "input_tokens",
  "output_tokens",
  "total_tokens",
  "reasoning_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
];
const sums = usage.map((column) => `coalesce(sum(${column}), 0) as ${column}`).join(", ");
const adds = (alias: string) =>
  usage.map((column) => `${column} = t.${column} + ${alias}.${column}`).join(", ");
const stepSums = usage.map((column) => `coalesce(sum(n.${column}), 0)`).join(", ");

/**
 * Records the steps whose invocation exists, each priced as it is written (see `stepCost`), and
 * rolls their usage and cost up into the invocation, its run and their day's usage
 * (`step_usage_daily`). A step is written once: the rollups add only the rows this statement
 * inserted, so a replayed step (same id) is applied and changes no total. Totals are added, not
 * recomputed, so two workers adding steps to one invocation both count, and a step keeps the
 * cost it was given when a price changes later.
 *
 * A step number belongs to one step of an invocation. A step with a new id under a number
 * already taken (by a recorded step, or by another step of the batch that finished first) is
 * refused, naming the step that holds the number; it is never dropped in silence. Should a
 * concurrent batch take the number between this statement's check and its insert, the insert
 * fails on the unique key and the worker isolates the step with the database's reason.
 */
export function applyStepsFinished(tx: Transaction, rows: StepFinishedRow[]) {
  if (rows.length === 0) return nothingApplied();
  return executeApply(
    tx,
    sql`
    with ready_events as (
      select e.* from ${recordSet(rows, stepColumns)}
      where exists (select 1 from agent.agent_invocations i
        where i.workspace_id = e.workspace_id and i.id = e.invocation_id)
    ),
    new_steps as (
      select distinct on (workspace_id, id) * from ready_events r
      where not exists (select 1 from agent.agent_steps s
        where s.workspace_id = r.workspace_id and s.id = r.id)
      order by workspace_id, id, finished_at, event_id
    ),
    -- Who holds each number the new steps name: the recorded step, else the first to finish.
    holders as (
      select distinct on (n.workspace_id, n.invocation_id, n.step_number)
        n.workspace_id, n.invocation_id, n.step_number, coalesce(s.id, n.id) as holder
      from new_steps n
      left join agent.agent_steps s on s.workspace_id = n.workspace_id
        and s.invocation_id = n.invocation_id and s.step_number = n.step_number
      order by n.workspace_id, n.invocation_id, n.step_number, n.finished_at, n.id
    ),
    inserted as (
      insert into agent.agent_steps (workspace_id, id, invocation_id, step_number, text, reasoning,
        finish_reason, raw_finish_reason, input_tokens, output_tokens, total_tokens,
        reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_usd, model, response_id,
        started_at, finished_at)
      select n.workspace_id, n.id, n.invocation_id, n.step_number, n.text, n.reasoning,
        n.finish_reason, n.raw_finish_reason, n.input_tokens, n.output_tokens, n.total_tokens,
        n.reasoning_tokens, n.cache_read_tokens, n.cache_write_tokens, ${stepCost}, n.model,
        n.response_id, n.started_at, n.finished_at
      from new_steps n
      join holders h on h.workspace_id = n.workspace_id and h.invocation_id = n.invocation_id
        and h.step_number = n.step_number and h.holder = n.id
      join agent.agent_invocations iv on iv.workspace_id = n.workspace_id
        and iv.id = n.invocation_id
      left join lateral (${stepPrice}) p on true
      on conflict (workspace_id, id) do nothing
      returning workspace_id, invocation_id, model, finished_at, cost_usd,
        ${sql.raw(usage.join(", "))}
    ),
    per_invocation as (
      select workspace_id, invocation_id, count(*) as step_count, ${sql.raw(sums)},
        ${sql.raw(costSums)}
      from inserted group by workspace_id, invocation_id
    ),
    invocations_updated as (
      update agent.agent_invocations t set ${sql.raw(adds("d"))}, ${sql.raw(addCosts("d"))},
        step_count = t.step_count + d.step_count, updated_at = now()
      from per_invocation d
      where t.workspace_id = d.workspace_id and t.id = d.invocation_id
      returning t.workspace_id, t.run_id, d.step_count, d.cost_usd, d.unpriced_step_count,
        ${sql.raw(usage.map((c) => `d.${c}`).join(", "))}
    ),
    per_run as (
      select workspace_id, run_id, sum(step_count) as step_count, ${sql.raw(sums)},
        ${sql.raw(costResums)}
      from invocations_updated where run_id is not null group by workspace_id, run_id
    ),
    runs_updated as (
      update agent.feature_runs t set ${sql.raw(adds("d"))}, ${sql.raw(addCosts("d"))},
        step_count = t.step_count + d.step_count, updated_at = now()
      from per_run d
      where t.workspace_id = d.workspace_id and t.id = d.run_id
    ),
    -- The same steps added to their day's usage, taking the rows' locks in key order so two
    -- batches adding to the same days wait for each other instead of deadlocking.
    usage_added as (
      insert into agent.step_usage_daily as t (workspace_id, day, model, agent_type, agent_id,
        ${sql.raw(usage.join(", "))}, step_count, cost_usd, unpriced_step_count)
      select n.workspace_id, (n.finished_at at time zone 'UTC')::date, n.model, i.agent_type,
        i.agent_id, ${sql.raw(stepSums)}, count(*), sum(n.cost_usd),
        count(*) filter (where n.cost_usd is null)
      from inserted n join agent.agent_invocations i
        on i.workspace_id = n.workspace_id and i.id = n.invocation_id
      where n.finished_at is not null
      group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
      on conflict (workspace_id, day, model, agent_type, agent_id) do update set
        ${sql.raw(adds("excluded"))}, ${sql.raw(addCosts("excluded"))},
        step_count = t.step_count + excluded.step_count
    )
    select r.workspace_id, r.event_id,
      case when h.holder <> r.id then
        format('step number %s of invocation %s is already step %s',
          n.step_number, n.invocation_id, h.holder)
      end as refusal
    from ready_events r
    left join new_steps n on n.workspace_id = r.workspace_id and n.id = r.id
    left join holders h on h.workspace_id = n.workspace_id and h.invocation_id = n.invocation_id
      and h.step_number = n.step_number`,
  );
}
