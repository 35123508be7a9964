import {
  agentInstances,
  agentInvocations,
  agents,
  ctaEvents,
  featureRuns,
  memoryRecords,
  metrics,
  projects,
  tasks,
} from "@steward/db";
import type { SQL } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import {
  applyStatement,
  describeEvent,
  type EventKeyFields,
  eventId,
  tableFields,
} from "./descriptor";
import { columnNames, field, fieldNames, orNull } from "./fields";
import { refsExist } from "./records";

// Each record is written once, under the id the client chose: a replay changes nothing. Only a
// clash on that id is expected; one on any other key is an error, so the batch isolates the
// event and dead-letters it rather than dropping it in silence.

/**
 * Inserts the records whose referenced rows exist (`ready`, a condition on record set `e`);
 * the others wait. `values` overrides what a field's own value would insert.
 */
function insertRecords<Fields extends EventKeyFields>(
  table: PgTable & { workspaceId: unknown },
  fields: Fields,
  ready: SQL,
  values: Record<string, SQL> = {},
) {
  const c = columnNames(table);
  const columns = tableFields(fields);
  const selected = columns.map((f) => values[f.name] ?? sql.identifier(f.name));
  return applyStatement(
    fields,
    (events) => sql`
      with ready_events as (
        select e.* from ${events} where ${ready}
      ),
      inserted as (
        insert into ${table} (${fieldNames(columns)})
        select ${sql.join(selected, sql`, `)} from ready_events
        on conflict (${c.workspaceId}, ${c.id}) do nothing
      )
      select ${c.workspaceId}, event_id from ready_events`,
  );
}

const memoryFields = [
  eventId,
  field(memoryRecords.workspaceId),
  field(memoryRecords.id),
  field(memoryRecords.runId),
  field(memoryRecords.phase),
  field(memoryRecords.kind),
  field(memoryRecords.content),
  field(memoryRecords.sourceInvocationId),
  field(memoryRecords.metadata),
] as const;

export const memoryRecorded = describeEvent(
  "memory.recorded",
  memoryFields,
)({
  toRow: (event, workspaceId) => ({
    event_id: event.eventId,
    workspace_id: workspaceId,
    id: event.id,
    run_id: event.runId,
    phase: event.phase ?? null,
    kind: event.kind,
    content: event.content,
    source_invocation_id: event.sourceInvocationId ?? null,
    metadata: event.metadata ?? null,
  }),
  apply: insertRecords(
    memoryRecords,
    memoryFields,
    sql`${refsExist([[memoryRecords.runId, featureRuns]])}
      and e.${columnNames(memoryRecords).runId} is not null
      and ${refsExist([[memoryRecords.sourceInvocationId, agentInvocations]])}`,
  ),
  waitingReason: (event) =>
    `run ${event.runId} (or source invocation) does not exist in this workspace`,
});

const ctaFields = [
  eventId,
  field(ctaEvents.workspaceId),
  field(ctaEvents.id),
  field(ctaEvents.runId),
  field(ctaEvents.invocationId),
  field(ctaEvents.kind),
  field(ctaEvents.prompt),
  field(ctaEvents.options),
  field(ctaEvents.expiresAt),
] as const;

export const ctaRequested = describeEvent(
  "cta.requested",
  ctaFields,
)({
  toRow: (event, workspaceId) => ({
    event_id: event.eventId,
    workspace_id: workspaceId,
    id: event.id,
    run_id: event.runId ?? null,
    invocation_id: event.invocationId ?? null,
    kind: event.kind,
    prompt: event.prompt,
    options: event.options ?? null,
    expires_at: event.expiresAt ?? null,
  }),
  apply: insertRecords(
    ctaEvents,
    ctaFields,
    refsExist([
      [ctaEvents.runId, featureRuns],
      [ctaEvents.invocationId, agentInvocations],
    ]),
  ),
  waitingReason: () => "the run or invocation it names does not exist in this workspace",
});

const metricFields = [
  eventId,
  field(metrics.workspaceId),
  field(metrics.id),
  field(metrics.type),
  field(metrics.value),
  field(metrics.metadata),
  field(metrics.projectId),
  field(metrics.agentId),
  field(metrics.agentInstanceId),
  field(metrics.taskId),
  field(metrics.runId),
  orNull(field(metrics.recordedAt)),
] as const;

const recordedAt = columnNames(metrics).recordedAt;

export const metricRecorded = describeEvent(
  "metric.recorded",
  metricFields,
)({
  toRow: (event, workspaceId) => ({
    event_id: event.eventId,
    workspace_id: workspaceId,
    id: event.id,
    type: event.metricType,
    value: event.value,
    metadata: event.metadata ?? null,
    project_id: event.projectId ?? null,
    agent_id: event.agentId ?? null,
    agent_instance_id: event.agentInstanceId ?? null,
    task_id: event.taskId ?? null,
    run_id: event.runId ?? null,
    recorded_at: event.recordedAt ?? null,
  }),
  apply: insertRecords(
    metrics,
    metricFields,
    refsExist([
      [metrics.projectId, projects],
      [metrics.agentId, agents],
      [metrics.agentInstanceId, agentInstances],
      [metrics.taskId, tasks],
      [metrics.runId, featureRuns],
    ]),
    { [recordedAt.value]: sql`coalesce(${recordedAt}, now())` },
  ),
  waitingReason: () =>
    "a project, agent, agent instance, task or run it names does not exist in this workspace",
});
