import { sql } from "drizzle-orm";
import type { Database } from "../database";
import { rowsOf } from "../rows";

/**
 * The first free step number of each invocation: after its recorded steps and the steps still
 * waiting in the inbox. Clients that number steps per export (OTLP sends an agent's model calls
 * over several exports) continue from here; two exports numbering one invocation at the same
 * moment can still meet on a number, and the worker then refuses the later step, naming why.
 */
export async function findNextStepNumbers(
  db: Database,
  { workspaceId, invocationIds }: { workspaceId: string; invocationIds: string[] },
): Promise<Map<string, number>> {
  const next = new Map<string, number>();
  if (invocationIds.length === 0) return next;
  const ids = `{${invocationIds.join(",")}}`;
  const rows = rowsOf<{ invocation_id: string; last: number | string | null }>(
    await db.execute(sql`
      select invocation_id::text as invocation_id, max(step_number) as last
      from agent.agent_steps
      where workspace_id = ${workspaceId} and invocation_id = any(${ids}::uuid[])
      group by 1
      union all
      select payload->>'invocationId', max((payload->>'stepNumber')::integer)
      from agent.ingest_inbox
      where workspace_id = ${workspaceId} and event_type = 'step.finished'
        and payload->>'invocationId' = any(${ids}::text[])
      group by 1`),
  );
  for (const row of rows) {
    if (row.last === null) continue;
    next.set(row.invocation_id, Math.max(next.get(row.invocation_id) ?? 0, Number(row.last) + 1));
  }
  return next;
}

/** The steps of each invocation, recorded or waiting in the inbox, with when they started. */
export async function findInvocationSteps(
  db: Database,
  { workspaceId, invocationIds }: { workspaceId: string; invocationIds: string[] },
): Promise<Map<string, { id: string; startedAt: Date | null }[]>> {
  const steps = new Map<string, { id: string; startedAt: Date | null }[]>();
  if (invocationIds.length === 0) return steps;
  const ids = `{${invocationIds.join(",")}}`;
  const rows = rowsOf<{ invocation_id: string; id: string; started_at: string | Date | null }>(
    await db.execute(sql`
      select invocation_id::text as invocation_id, id::text as id, started_at
      from agent.agent_steps
      where workspace_id = ${workspaceId} and invocation_id = any(${ids}::uuid[])
      union
      select payload->>'invocationId', payload->>'stepId', (payload->>'startedAt')::timestamptz
      from agent.ingest_inbox
      where workspace_id = ${workspaceId} and event_type = 'step.finished'
        and payload->>'invocationId' = any(${ids}::text[])`),
  );
  for (const row of rows) {
    const list = steps.get(row.invocation_id) ?? [];
    list.push({ id: row.id, startedAt: row.started_at === null ? null : new Date(row.started_at) });
    steps.set(row.invocation_id, list);
  }
  return steps;
}
