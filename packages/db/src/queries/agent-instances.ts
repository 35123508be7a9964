import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database";
import { type AgentInstanceType, agentInstances, tasks } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };
type Ref = Scope & { id: string };

export type NewAgentInstance = Pick<
  typeof agentInstances.$inferInsert,
  "workspaceId" | "agentId" | "type" | "currentTaskId" | "worktreePath" | "branchName"
>;

export async function spawnAgentInstance(db: Database, input: NewAgentInstance) {
  const [instance] = await db.insert(agentInstances).values(input).returning();
  return instance;
}

export async function getAgentInstance(db: Database, { workspaceId, id }: Ref) {
  const [instance] = await db
    .select()
    .from(agentInstances)
    .where(and(eq(agentInstances.workspaceId, workspaceId), eq(agentInstances.id, id)));
  return instance;
}

export type AgentInstanceFilters = {
  status?: string | undefined;
  type?: AgentInstanceType | undefined;
  agentId?: string | undefined;
};

export function listAgentInstances(
  db: Database,
  { workspaceId, filters, page }: Scope & { filters: AgentInstanceFilters; page: PageParams },
) {
  const keyset = newestFirst(agentInstances.createdAt, agentInstances.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(agentInstances.workspaceId, workspaceId),
    filters.status ? eq(agentInstances.status, filters.status) : undefined,
    filters.type ? eq(agentInstances.type, filters.type) : undefined,
    filters.agentId ? eq(agentInstances.agentId, filters.agentId) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(agentInstances)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/** Whether a task exists in the workspace, so an instance is never pointed at a missing one. */
export async function isTaskInWorkspace(
  db: Database,
  { workspaceId, taskId }: Scope & { taskId: string },
) {
  const [task] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, taskId)));
  return task !== undefined;
}

const live = (ref: Ref) =>
  and(
    eq(agentInstances.workspaceId, ref.workspaceId),
    eq(agentInstances.id, ref.id),
    isNull(agentInstances.terminatedAt),
  );

export type Heartbeat = {
  status?: string | undefined;
  /** Null: the instance is between tasks. */
  currentTaskId?: string | null | undefined;
  /** Tokens spent since the previous heartbeat. */
  tokensUsed?: number | undefined;
};

/**
 * Counts the tokens in SQL, so heartbeats arriving together all add up. Undefined when the
 * instance is missing or terminated; the caller tells the two apart.
 */
export async function recordAgentHeartbeat(
  db: Database,
  { heartbeat, ...ref }: Ref & { heartbeat: Heartbeat },
) {
  const [instance] = await db
    .update(agentInstances)
    .set({
      lastActivityAt: sql`now()`,
      tokensUsed: sql`${agentInstances.tokensUsed} + ${heartbeat.tokensUsed ?? 0}`,
      ...(heartbeat.status !== undefined ? { status: heartbeat.status } : {}),
      ...(heartbeat.currentTaskId !== undefined ? { currentTaskId: heartbeat.currentTaskId } : {}),
    })
    .where(live(ref))
    .returning();
  return instance;
}

export type TaskOutcome = "completed" | "failed";

/** One more task completed or failed, counted in SQL; undefined when missing or terminated. */
export async function recordAgentTaskOutcome(
  db: Database,
  { outcome, ...ref }: Ref & { outcome: TaskOutcome },
) {
  const counter =
    outcome === "completed"
      ? { tasksCompleted: sql`${agentInstances.tasksCompleted} + 1` }
      : { tasksFailed: sql`${agentInstances.tasksFailed} + 1` };
  const [instance] = await db
    .update(agentInstances)
    .set({ ...counter, lastActivityAt: sql`now()` })
    .where(live(ref))
    .returning();
  return instance;
}

/**
 * Ends an instance for good. Its current task is released: a terminated instance must not keep
 * the task from being deleted. Undefined when missing or terminated already.
 */
export async function terminateAgentInstance(
  db: Database,
  { reason, ...ref }: Ref & { reason: string },
) {
  const [instance] = await db
    .update(agentInstances)
    .set({
      status: "terminated",
      terminatedAt: sql`now()`,
      terminationReason: reason,
      currentTaskId: null,
    })
    .where(live(ref))
    .returning();
  return instance;
}
