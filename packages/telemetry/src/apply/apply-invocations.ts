import {
  agents,
  conversations,
  featureRuns,
  agentInvocations as i,
  phaseResults,
  tasks,
} from "@steward/db";
import { sql } from "drizzle-orm";
import { applyStatement, describeEvent, eventId, tableFields } from "./descriptor";
import { col, columnNames, field, fieldNames, renamed } from "./fields";
import { refsExist } from "./records";

const c = columnNames(i);
const pr = columnNames(phaseResults);

const startedFields = [
  eventId,
  field(i.workspaceId),
  field(i.id),
  field(i.agentType),
  field(i.agentName),
  field(i.traceId),
  field(i.conversationKey),
  field(i.agentId),
  field(i.parentInvocationId),
  field(i.runId),
  field(i.phaseResultId),
  field(i.taskId),
  field(i.conversationId),
  field(i.model),
  field(i.input),
  field(i.startedAt),
] as const;

/** What a start fills in when the invocation exists already: only what is still empty. */
const filledLate = sql.join(
  [i.model, i.agentName, i.traceId, i.conversationKey, i.input].map(
    (column) => sql`${col(column)} = coalesce(i.${col(column)}, excluded.${col(column)})`,
  ),
  sql`, `,
);

/** The run inherited from the phase result or the parent (see applyInvocationsStarted). */
const inserted = tableFields(startedFields).map((f) =>
  f.name === i.runId.name ? sql`resolved_run_id` : sql.identifier(f.name),
);

/**
 * Creates invocations whose referenced rows exist; the others wait. A run is inherited from
 * the phase result or the parent when the event does not name it, so every invocation of a
 * run carries its `run_id` (the run tree and the run's rollups read it). A start that arrives
 * after the invocation exists fills only what is still empty.
 */
const applyInvocationsStarted = applyStatement(
  startedFields,
  (events) => sql`
    with ready_events as (
      select e.*,
        coalesce(e.${c.runId},
          (select pr.${pr.runId} from ${phaseResults} pr
            where pr.${pr.workspaceId} = e.${c.workspaceId} and pr.${pr.id} = e.${c.phaseResultId}),
          (select p.${c.runId} from ${i} p
            where p.${c.workspaceId} = e.${c.workspaceId} and p.${c.id} = e.${c.parentInvocationId})
        ) as resolved_run_id
      from ${events}
      where ${refsExist([
        [i.parentInvocationId, i],
        [i.runId, featureRuns],
        [i.phaseResultId, phaseResults],
        [i.taskId, tasks],
        [i.conversationId, conversations],
        [i.agentId, agents],
      ])}
    ),
    ready as (
      select distinct on (${c.workspaceId}, ${c.id}) * from ready_events
      order by ${c.workspaceId}, ${c.id}, ${c.startedAt}
    ),
    inserted as (
      insert into ${i} as i (${fieldNames(tableFields(startedFields))}, ${c.status})
      select ${sql.join(inserted, sql`, `)}, 'running'
      from ready
      on conflict (${c.workspaceId}, ${c.id}) do update set
        ${filledLate},
        ${c.startedAt} = least(i.${c.startedAt}, excluded.${c.startedAt}),
        ${c.updatedAt} = now()
    )
    select ${c.workspaceId}, event_id from ready_events`,
);

export const invocationStarted = describeEvent(
  "invocation.started",
  startedFields,
)({
  toRow: (event, workspaceId) => ({
    event_id: event.eventId,
    workspace_id: workspaceId,
    id: event.invocationId,
    agent_type: event.agentType ?? null,
    agent_name: event.agentName ?? null,
    trace_id: event.traceId ?? null,
    conversation_key: event.conversationKey ?? null,
    agent_id: event.agentId ?? null,
    parent_invocation_id: event.parentInvocationId ?? null,
    run_id: event.runId ?? null,
    phase_result_id: event.phaseResultId ?? null,
    task_id: event.taskId ?? null,
    conversation_id: event.conversationId ?? null,
    model: event.model ?? null,
    input: event.input ?? null,
    started_at: event.startedAt,
  }),
  apply: applyInvocationsStarted,
  waitingReason: () =>
    "a row it names (parent invocation, run, phase result, task, conversation or agent) does not exist in this workspace",
});

/** A finish names its invocation, the row it updates. */
const finishedInvocation = renamed("invocation_id", field(i.id));
const invocationId = sql.identifier(finishedInvocation.name);

const finishedFields = [
  eventId,
  field(i.workspaceId),
  finishedInvocation,
  field(i.status),
  field(i.output),
  field(i.error),
  field(i.finishedAt),
] as const;

/** Finishes invocations that exist; a finish that arrives before its start waits for it. */
const applyInvocationsFinished = applyStatement(
  finishedFields,
  (events) => sql`
    with e as (select * from ${events}),
    ready as (
      select e.* from e
      where exists (select 1 from ${i} i
        where i.${c.workspaceId} = e.${c.workspaceId} and i.${c.id} = e.${invocationId})
    ),
    updated as (
      update ${i} i set
        ${c.status} = f.${c.status},
        ${c.output} = coalesce(f.${c.output}, i.${c.output}),
        ${c.error} = coalesce(f.${c.error}, i.${c.error}),
        ${c.finishedAt} = f.${c.finishedAt},
        ${c.updatedAt} = now()
      from (select distinct on (${c.workspaceId}, ${invocationId}) * from ready
            order by ${c.workspaceId}, ${invocationId}, ${c.finishedAt} desc) f
      where i.${c.workspaceId} = f.${c.workspaceId} and i.${c.id} = f.${invocationId}
    )
    select ${c.workspaceId}, event_id from ready`,
);

export const invocationFinished = describeEvent(
  "invocation.finished",
  finishedFields,
)({
  toRow: (event, workspaceId) => ({
    event_id: event.eventId,
    workspace_id: workspaceId,
    invocation_id: event.invocationId,
    status: event.status,
    output: event.output ?? null,
    error: event.error ?? null,
    finished_at: event.finishedAt,
  }),
  apply: applyInvocationsFinished,
  waitingReason: (event) => `invocation ${event.invocationId} was never started in this workspace`,
});
