import { agentInvocations, featureRuns, agentSteps as st, stepUsageDaily } from "@steward/db";
import { type SQLChunk, sql } from "drizzle-orm";
import { applyStatement, describeEvent, eventId, tableFields } from "./descriptor";
import { col, columnNames, field } from "./fields";
import { addCosts, costResums, costSums, stepCost, stepPrice } from "./step-cost";

const stepFields = [
  eventId,
  field(st.workspaceId),
  field(st.id),
  field(st.invocationId),
  field(st.stepNumber),
  field(st.text),
  field(st.reasoning),
  field(st.finishReason),
  field(st.rawFinishReason),
  field(st.inputTokens),
  field(st.outputTokens),
  field(st.totalTokens),
  field(st.reasoningTokens),
  field(st.cacheReadTokens),
  field(st.cacheWriteTokens),
  field(st.model),
  field(st.responseId),
  field(st.startedAt),
  field(st.finishedAt),
] as const;

const c = columnNames(st);
const iv = columnNames(agentInvocations);
const daily = columnNames(stepUsageDaily);

/** The token counts a step reports, rolled up into its invocation, run and day by name. */
const usage = [
  st.inputTokens,
  st.outputTokens,
  st.totalTokens,
  st.reasoningTokens,
  st.cacheReadTokens,
  st.cacheWriteTokens,
].map(col);
const list = (items: SQLChunk[]) => sql.join(items, sql`, `);
const usageOf = (alias: string) => list(usage.map((name) => sql`${sql.identifier(alias)}.${name}`));
const sums = list(usage.map((name) => sql`coalesce(sum(${name}), 0) as ${name}`));
const adds = (alias: string) =>
  list(usage.map((name) => sql`${name} = t.${name} + ${sql.identifier(alias)}.${name}`));
const stepSums = list(usage.map((name) => sql`coalesce(sum(n.${name}), 0)`));

/** The columns a step writes: its fields, and its cost between its usage and its model. */
const written = tableFields(stepFields).map((f) => sql.identifier(f.name));
const costAt = written.findIndex((name) => name.value === st.model.name);
const insertedColumns = list([...written.slice(0, costAt), c.costUsd, ...written.slice(costAt)]);
const insertedValues = list([
  ...written.slice(0, costAt).map((name) => sql`n.${name}`),
  stepCost,
  ...written.slice(costAt).map((name) => sql`n.${name}`),
]);

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
const applyStepsFinished = applyStatement(
  stepFields,
  (events) => sql`
    with ready_events as (
      select e.* from ${events}
      where exists (select 1 from ${agentInvocations} i
        where i.${iv.workspaceId} = e.${c.workspaceId} and i.${iv.id} = e.${c.invocationId})
    ),
    -- Each event judged in one pass, without joining the statement's own sets to each other
    -- (their row counts are unknown to the planner, which compares such joins row by row):
    -- which copy of its step it is (the first to finish is the one written), whether the step
    -- is recorded, and which step holds its number (the recorded one, else among the steps not
    -- yet recorded the first to finish).
    copies as (
      select r.*, s.${c.id} is not null as recorded, h.${c.id} as number_holder,
        row_number() over (partition by r.${c.workspaceId}, r.${c.id}
          order by r.${c.finishedAt}, r.event_id) as copy
      from ready_events r
      left join ${st} s on s.${c.workspaceId} = r.${c.workspaceId} and s.${c.id} = r.${c.id}
      left join ${st} h on h.${c.workspaceId} = r.${c.workspaceId}
        and h.${c.invocationId} = r.${c.invocationId} and h.${c.stepNumber} = r.${c.stepNumber}
    ),
    numbered as (
      select *, coalesce(number_holder, first_value(${c.id}) over (
          partition by ${c.workspaceId}, ${c.invocationId}, ${c.stepNumber}
          order by copy > 1 or recorded, ${c.finishedAt}, ${c.id})) as holder
      from copies
    ),
    -- Every copy of a step is judged as its first copy is.
    judged as (
      select *, first_value(holder) over (partition by ${c.workspaceId}, ${c.id} order by copy)
        as step_holder
      from numbered
    ),
    inserted as (
      insert into ${st} (${insertedColumns})
      select ${insertedValues}
      from judged n
      join ${agentInvocations} iv on iv.${iv.workspaceId} = n.${c.workspaceId}
        and iv.${iv.id} = n.${c.invocationId}
      left join lateral (${stepPrice}) p on true
      where n.copy = 1 and not n.recorded and n.holder = n.${c.id}
      on conflict (${c.workspaceId}, ${c.id}) do nothing
      returning ${c.workspaceId}, ${c.invocationId}, ${c.model}, ${c.finishedAt}, ${c.costUsd},
        ${list(usage)}
    ),
    per_invocation as (
      select ${c.workspaceId}, ${c.invocationId}, count(*) as step_count, ${sums}, ${costSums}
      from inserted group by ${c.workspaceId}, ${c.invocationId}
    ),
    invocations_updated as (
      update ${agentInvocations} t set ${adds("d")}, ${addCosts("d")},
        ${iv.stepCount} = t.${iv.stepCount} + d.step_count, ${iv.updatedAt} = now()
      from per_invocation d
      where t.${iv.workspaceId} = d.${c.workspaceId} and t.${iv.id} = d.${c.invocationId}
      returning t.${iv.workspaceId}, t.${iv.runId}, d.step_count, d.${iv.costUsd},
        d.${iv.unpricedStepCount}, ${usageOf("d")}
    ),
    per_run as (
      select ${iv.workspaceId}, ${iv.runId}, sum(step_count) as step_count, ${sums}, ${costResums}
      from invocations_updated where ${iv.runId} is not null
      group by ${iv.workspaceId}, ${iv.runId}
    ),
    runs_updated as (
      update ${featureRuns} t set ${adds("d")}, ${addCosts("d")},
        ${col(featureRuns.stepCount)} = t.${col(featureRuns.stepCount)} + d.step_count,
        ${col(featureRuns.updatedAt)} = now()
      from per_run d
      where t.${col(featureRuns.workspaceId)} = d.${iv.workspaceId}
        and t.${col(featureRuns.id)} = d.${iv.runId}
    ),
    -- The same steps added to their day's usage, taking the rows' locks in key order so two
    -- batches adding to the same days wait for each other instead of deadlocking.
    usage_added as (
      insert into ${stepUsageDaily} as t (${daily.workspaceId}, ${daily.day}, ${daily.model},
        ${daily.agentType}, ${daily.agentId}, ${list(usage)}, ${daily.stepCount},
        ${daily.costUsd}, ${daily.unpricedStepCount})
      select n.${c.workspaceId}, (n.${c.finishedAt} at time zone 'UTC')::date, n.${c.model},
        i.${iv.agentType}, i.${iv.agentId}, ${stepSums}, count(*), sum(n.${c.costUsd}),
        count(*) filter (where n.${c.costUsd} is null)
      from inserted n join ${agentInvocations} i
        on i.${iv.workspaceId} = n.${c.workspaceId} and i.${iv.id} = n.${c.invocationId}
      where n.${c.finishedAt} is not null
      group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
      on conflict (${daily.workspaceId}, ${daily.day}, ${daily.model}, ${daily.agentType},
        ${daily.agentId}) do update set
        ${adds("excluded")}, ${addCosts("excluded")},
        ${daily.stepCount} = t.${daily.stepCount} + excluded.${daily.stepCount}
    )
    select ${c.workspaceId}, event_id,
      case when not recorded and step_holder <> ${c.id} then
        format('step number %s of invocation %s is already step %s',
          ${c.stepNumber}, ${c.invocationId}, step_holder)
      end as refusal
    from judged`,
);

export const stepFinished = describeEvent(
  "step.finished",
  stepFields,
)({
  toRow: (event, workspaceId) => ({
    event_id: event.eventId,
    workspace_id: workspaceId,
    id: event.stepId,
    invocation_id: event.invocationId,
    step_number: event.stepNumber,
    text: event.text ?? null,
    reasoning: event.reasoning ?? null,
    finish_reason: event.finishReason ?? null,
    raw_finish_reason: event.rawFinishReason ?? null,
    input_tokens: event.usage.inputTokens ?? null,
    output_tokens: event.usage.outputTokens ?? null,
    total_tokens: event.usage.totalTokens ?? null,
    reasoning_tokens: event.usage.reasoningTokens ?? null,
    cache_read_tokens: event.usage.cacheReadTokens ?? null,
    cache_write_tokens: event.usage.cacheWriteTokens ?? null,
    model: event.model ?? null,
    response_id: event.responseId ?? null,
    started_at: event.startedAt ?? null,
    finished_at: event.finishedAt,
  }),
  apply: applyStepsFinished,
  waitingReason: (event) => `invocation ${event.invocationId} does not exist in this workspace`,
});
