import { agentSteps, toolCalls as t } from "@steward/db";
import { sql } from "drizzle-orm";
import { applyStatement, describeEvent, type EventOf, eventId, tableFields } from "./descriptor";
import { columnNames, field, fieldNames, type RowOf } from "./fields";

const toolCallFields = [
  eventId,
  field(t.workspaceId),
  field(t.id),
  field(t.invocationId),
  field(t.stepId),
  field(t.toolCallId),
  field(t.toolName),
  field(t.input),
  field(t.outputType),
  field(t.output),
  field(t.error),
  field(t.status),
  field(t.startedAt),
  field(t.finishedAt),
] as const;

export type ToolCallRow = RowOf<typeof toolCallFields>;

const written = fieldNames(tableFields(toolCallFields));
const c = columnNames(t);
const s = columnNames(agentSteps);

/**
 * Writes tool calls whose step exists (in the invocation they name); the others wait. Start
 * and finish may arrive in either order: each fills what it knows, a finish always wins the
 * status and output, and a late start never moves a finished call back to running. Callers
 * pass starts and finishes in separate calls, so no statement touches one call twice.
 */
export const applyToolCalls = applyStatement(
  toolCallFields,
  (events) => sql`
    with ready_events as (
      select e.* from ${events}
      where exists (select 1 from ${agentSteps} s
        where s.${s.workspaceId} = e.${c.workspaceId} and s.${s.id} = e.${c.stepId}
          and s.${s.invocationId} = e.${c.invocationId})
    ),
    ready as (
      select distinct on (${c.workspaceId}, ${c.id}) * from ready_events
      order by ${c.workspaceId}, ${c.id}, ${c.finishedAt} desc nulls last
    ),
    written as (
      insert into ${t} as t (${written})
      select ${written}
      from ready
      on conflict (${c.workspaceId}, ${c.id}) do update set
        ${c.input} = coalesce(t.${c.input}, excluded.${c.input}),
        ${c.startedAt} = coalesce(t.${c.startedAt}, excluded.${c.startedAt}),
        ${c.outputType} = coalesce(excluded.${c.outputType}, t.${c.outputType}),
        ${c.output} = case when excluded.${c.finishedAt} is not null then excluded.${c.output}
                    else t.${c.output} end,
        ${c.error} = coalesce(excluded.${c.error}, t.${c.error}),
        ${c.finishedAt} = coalesce(excluded.${c.finishedAt}, t.${c.finishedAt}),
        ${c.status} = case when excluded.${c.finishedAt} is not null then excluded.${c.status}
                      when t.${c.finishedAt} is not null then t.${c.status}
                      else excluded.${c.status} end,
        ${c.updatedAt} = now()
    )
    select ${c.workspaceId}, event_id from ready_events`,
);

const waitingForStep = (event: { stepId: string; invocationId: string }) =>
  `step ${event.stepId} of invocation ${event.invocationId} does not exist in this workspace`;

const failedOutputs = new Set(["execution-denied", "error-text", "error-json"]);

/**
 * A tool call's row from either of its events: the names both carry, and what a finish adds
 * (a start leaves the outcome empty and the call running).
 */
function toToolCallRow(
  event: EventOf<"tool_call.started"> | EventOf<"tool_call.finished">,
  workspaceId: string,
): ToolCallRow {
  const finish = event.type === "tool_call.finished" ? event : undefined;
  return {
    event_id: event.eventId,
    workspace_id: workspaceId,
    id: event.id,
    invocation_id: event.invocationId,
    step_id: event.stepId,
    tool_call_id: event.toolCallId,
    tool_name: event.toolName,
    input: event.input ?? null,
    output_type: finish ? finish.outputType : null,
    output: finish ? (finish.output ?? null) : null,
    error: finish ? (finish.error ?? null) : null,
    status: !finish
      ? "running"
      : failedOutputs.has(finish.outputType) || finish.error
        ? "failed"
        : "completed",
    started_at: event.startedAt ?? null,
    finished_at: finish ? finish.finishedAt : null,
  };
}

export const toolCallStarted = describeEvent(
  "tool_call.started",
  toolCallFields,
)({
  toRow: toToolCallRow,
  apply: applyToolCalls,
  waitingReason: waitingForStep,
});

export const toolCallFinished = describeEvent(
  "tool_call.finished",
  toolCallFields,
)({
  toRow: toToolCallRow,
  apply: applyToolCalls,
  waitingReason: waitingForStep,
});
