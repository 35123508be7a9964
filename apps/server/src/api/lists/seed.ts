import { randomUUID } from "node:crypto";
import {
  agentInvocations,
  agentSteps,
  agents,
  ctaEvents,
  type Database,
  featureRuns,
  projects,
  toolCalls,
} from "@steward/db";
import { sql } from "drizzle-orm";

/** The instant every seeded row is placed from, a minute apart, unless a case says otherwise. */
export const t0 = Date.parse("2026-01-10T00:00:00Z");
const minute = 60_000;
const at = (minutes: number) => new Date(t0 + minutes * minute);

const cycle = <T>(values: readonly T[], i: number) => values[i % values.length] as T;

/** Newest first by the millisecond, then id: the order every list answers in. */
export function newestFirst<T extends { id: string; createdAt: Date }>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}

/**
 * A workspace's worth of each listed table, with every filter value on some rows and not on
 * others. The last three tool calls share one millisecond (apart in microseconds), so paging
 * must cut inside it without skipping or repeating a row.
 */
export async function seedLists(db: Database, workspaceId: string) {
  const ws = { workspaceId };
  const agentIds = [randomUUID(), randomUUID()];
  await db.insert(agents).values(
    agentIds.map((id, i) => ({
      ...ws,
      id,
      name: `Agent ${i}`,
      slug: `agent-${i}-${id}`,
      type: "coder",
      mode: "implementation",
    })),
  );
  const projectIds = [randomUUID(), randomUUID()];
  await db.insert(projects).values(
    projectIds.map((id, i) => ({
      ...ws,
      id,
      name: `P${i}`,
      mode: "genesis" as const,
      rootPath: "/p",
    })),
  );

  const titles = ["Build login", "Fix billing 100%_off", "Search index", "Login audit"];
  const phases = ["analysis", "approaches", "completed", "completed", "failed", "pr"] as const;
  const runs = await db
    .insert(featureRuns)
    .values(
      Array.from({ length: 8 }, (_, i) => ({
        ...ws,
        title: cycle(titles, i),
        currentPhase: cycle(phases, i),
        projectId: cycle([projectIds[0], projectIds[1], null], i),
        createdAt: at(i),
        startedAt: at(60 * (8 - i)),
      })),
    )
    .returning();

  const models = ["gpt-5", "o3", null];
  const statuses = ["running", "completed", "failed", "cancelled"] as const;
  const types = ["orchestrator", "explorer", "coder", "judge", "meta_judge"] as const;
  const rootId = randomUUID();
  const invocations = await db
    .insert(agentInvocations)
    .values(
      Array.from({ length: 10 }, (_, i) => ({
        ...ws,
        id: i === 0 ? rootId : randomUUID(),
        agentType: cycle(types, i),
        agentId: cycle([agentIds[0], agentIds[1], null], i),
        model: cycle(models, i),
        status: cycle(statuses, i),
        parentInvocationId: i === 0 ? null : rootId,
        runId: cycle([runs[0]?.id, runs[1]?.id, null], i),
        createdAt: at(i),
      })),
    )
    .returning();
  const steps = await db
    .insert(agentSteps)
    .values(invocations.map((inv) => ({ ...ws, invocationId: inv.id, stepNumber: 0 })))
    .returning();

  const toolStatuses = ["pending", "running", "completed", "failed"] as const;
  const outputTypes = [
    null,
    "json",
    "text",
    "error-text",
    "error-json",
    "execution-denied",
  ] as const;
  const calls = await db
    .insert(toolCalls)
    .values(
      Array.from({ length: 15 }, (_, i) => {
        const step = cycle(steps, i);
        return {
          ...ws,
          invocationId: step.invocationId,
          stepId: step.id,
          toolCallId: `call_${i}`,
          toolName: cycle(["read_file", "bash", "grep"], i),
          status: cycle(toolStatuses, i),
          outputType: cycle(outputTypes, i),
          createdAt: at(Math.min(i, 12)),
        };
      }),
    )
    .returning();
  // Rows 12..14 share a millisecond; Postgres keeps the microseconds apart.
  await db.execute(sql`
    update agent.tool_calls set created_at = created_at + (interval '1 microsecond' * (
      select count(*) from agent.tool_calls c where c.workspace_id = tool_calls.workspace_id
        and c.created_at = tool_calls.created_at and c.id < tool_calls.id))
    where workspace_id = ${workspaceId} and created_at = ${at(12).toISOString()}::timestamptz`);

  const ctaStatuses = ["pending", "answered", "cancelled", "expired"] as const;
  const events = await db
    .insert(ctaEvents)
    .values(
      Array.from({ length: 8 }, (_, i) => {
        const status = cycle(ctaStatuses, i);
        return {
          ...ws,
          runId: cycle([runs[0]?.id, null], i),
          kind: "approval" as const,
          prompt: `Proceed with ${i}?`,
          status,
          ...(status === "answered" ? { response: { approved: true }, answeredAt: at(i) } : {}),
          createdAt: at(i),
        };
      }),
    )
    .returning();

  return { agentIds, projectIds, rootId, runs, invocations, steps, calls, events };
}

export type Seeded = Awaited<ReturnType<typeof seedLists>>;
