/**
 * Delegation of a task to an agent (seed 003). A task's delegation is read as one state, from
 * its current assignment (its latest assigned|started|paused row) and tasks.delegation_status:
 *
 *   unassigned  no current assignment (cancelled assignments count as none)
 *   assigned    assignment assigned, delegation assigned
 *   started     assignment started,  delegation in_progress
 *   paused      assignment paused,   delegation in_progress — a pause is the agent's choice,
 *               not an obstacle, so the work still counts as in progress
 *   blocked     assignment paused,   delegation blocked, tasks.blocked_by holds the reason
 *   completed   no current assignment, delegation completed
 *
 *   action    from                                to
 *   assign    unassigned                          assigned (the agent must exist and not be
 *                                                 archived; the caller's user is assigned_by)
 *   start     assigned, paused                    started: assignment and task started_at set
 *                                                 once, task status in_progress
 *   pause     started                             paused
 *   block     assigned, started, paused           blocked: task status blocked
 *   unblock   blocked                             assigned if the assignment never started
 *                                                 (task pending), else paused (task
 *                                                 in_progress; the agent resumes with start)
 *   complete  started                             completed: assignment and task completed_at,
 *                                                 task status completed, actual minutes if given
 *   cancel    assigned, started, paused, blocked  unassigned: assignment cancelled, assignee
 *                                                 cleared, a task in progress or blocked goes
 *                                                 back to pending
 *
 * Anything else is refused, naming from and to. A completed task is not reassigned. Each action
 * is one transaction that first locks the task row, so a task has at most one current
 * assignment. Assignment rows are seed 003's delegation history: one is never rewritten, only
 * its status moves on and its start and completion times are set once.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Database } from "../database";
import { agents, type TaskAssignmentStatus, taskAssignments, tasks } from "../schema";
import { newestFirst, oldestFirst, type PageParams } from "./pagination";
import type { Task } from "./tasks";

type Scope = { workspaceId: string };
type TaskScope = Scope & { taskId: string };
type Assignment = typeof taskAssignments.$inferSelect;

export const delegationStates = [
  "unassigned",
  "assigned",
  "started",
  "paused",
  "blocked",
  "completed",
] as const;
export type DelegationState = (typeof delegationStates)[number];

export const delegationRules = {
  assign: { from: ["unassigned"], to: "assigned" },
  start: { from: ["assigned", "paused"], to: "started" },
  pause: { from: ["started"], to: "paused" },
  block: { from: ["assigned", "started", "paused"], to: "blocked" },
  unblock: { from: ["blocked"], to: "assigned or paused" },
  complete: { from: ["started"], to: "completed" },
  cancel: { from: ["assigned", "started", "paused", "blocked"], to: "unassigned" },
} as const satisfies Record<string, { from: readonly DelegationState[]; to: string }>;
export type DelegationAction = keyof typeof delegationRules;

const activeStatuses: TaskAssignmentStatus[] = ["assigned", "started", "paused"];

export type DelegationResult =
  | { outcome: "done"; task: Task; assignment: Assignment }
  | { outcome: "taskMissing" }
  | { outcome: "agentMissing" }
  | { outcome: "agentArchived" }
  | { outcome: "refused"; action: DelegationAction; from: DelegationState };

function stateOf(task: Task, current: Assignment | undefined): DelegationState {
  if (!current) return task.delegationStatus === "completed" ? "completed" : "unassigned";
  if (task.delegationStatus === "blocked") return "blocked";
  return current.status as DelegationState;
}

function lockTask(tx: Database, { workspaceId, taskId }: TaskScope) {
  return tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, taskId)))
    .for("update")
    .then(([task]) => task);
}

/** What an action writes, given the locked task and its current assignment. */
type Step = (
  task: Task,
  current: Assignment,
) => {
  assignment: PgUpdateSetSource<typeof taskAssignments>;
  task: PgUpdateSetSource<typeof tasks>;
};

/** Runs one action on the locked task if the rules allow it from the task's current state. */
function runAction(
  db: Database,
  { workspaceId, taskId }: TaskScope,
  action: DelegationAction,
  step: Step,
): Promise<DelegationResult> {
  return db.transaction(async (tx) => {
    const task = await lockTask(tx, { workspaceId, taskId });
    if (!task) return { outcome: "taskMissing" };
    const current = await getCurrentAssignment(tx, { workspaceId, taskId });
    const from = stateOf(task, current);
    const allowed: readonly DelegationState[] = delegationRules[action].from;
    if (!allowed.includes(from) || !current) {
      return { outcome: "refused", action, from };
    }
    const changes = step(task, current);
    const [assignment] = await tx
      .update(taskAssignments)
      .set(changes.assignment)
      .where(and(eq(taskAssignments.workspaceId, workspaceId), eq(taskAssignments.id, current.id)))
      .returning();
    const [updated] =
      Object.keys(changes.task).length === 0
        ? [task]
        : await tx
            .update(tasks)
            .set(changes.task)
            .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, taskId)))
            .returning();
    if (!assignment || !updated) throw new Error(`${action}: the locked rows were not updated`);
    return { outcome: "done", task: updated, assignment };
  });
}

export type AssignTaskInput = TaskScope & {
  agentId: string;
  assignedBy: string | null;
  notes?: string | null | undefined;
  context?: Record<string, unknown> | null | undefined;
};

export function assignTask(db: Database, input: AssignTaskInput): Promise<DelegationResult> {
  const { workspaceId, taskId, agentId } = input;
  return db.transaction(async (tx) => {
    const task = await lockTask(tx, { workspaceId, taskId });
    if (!task) return { outcome: "taskMissing" };
    const [agent] = await tx
      .select({ status: agents.status })
      .from(agents)
      .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, agentId)))
      .for("share");
    if (!agent) return { outcome: "agentMissing" };
    if (agent.status === "archived") return { outcome: "agentArchived" };
    const from = stateOf(task, await getCurrentAssignment(tx, { workspaceId, taskId }));
    if (from !== "unassigned") return { outcome: "refused", action: "assign", from };

    const [assignment] = await tx
      .insert(taskAssignments)
      .values({
        workspaceId,
        taskId,
        agentId,
        assignedBy: input.assignedBy,
        notes: input.notes ?? null,
        context: input.context ?? null,
        status: "assigned",
      })
      .returning();
    const [updated] = await tx
      .update(tasks)
      .set({
        assigneeType: "agent",
        assigneeId: agentId,
        delegationStatus: "assigned",
        delegationContext: input.context ?? null,
      })
      .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, taskId)))
      .returning();
    if (!assignment || !updated) throw new Error("assign: the locked rows were not written");
    return { outcome: "done", task: updated, assignment };
  });
}

const now = sql`now()`;

export function startTask(db: Database, ref: TaskScope) {
  return runAction(db, ref, "start", (task, current) => ({
    assignment: { status: "started", startedAt: current.startedAt ?? now },
    task: {
      delegationStatus: "in_progress",
      status: "in_progress",
      startedAt: task.startedAt ?? now,
    },
  }));
}

export function pauseTask(db: Database, ref: TaskScope) {
  return runAction(db, ref, "pause", () => ({
    assignment: { status: "paused" },
    task: {},
  }));
}

export function blockTask(db: Database, { reason, ...ref }: TaskScope & { reason: string }) {
  return runAction(db, ref, "block", () => ({
    assignment: { status: "paused" },
    task: { delegationStatus: "blocked", status: "blocked", blockedBy: reason },
  }));
}

export function unblockTask(db: Database, ref: TaskScope) {
  return runAction(db, ref, "unblock", (_task, current) => {
    const started = current.startedAt !== null;
    return {
      assignment: { status: started ? "paused" : "assigned" },
      task: {
        delegationStatus: started ? "in_progress" : "assigned",
        status: started ? "in_progress" : "pending",
        blockedBy: null,
      },
    };
  });
}

export function completeTask(
  db: Database,
  { actualMinutes, ...ref }: TaskScope & { actualMinutes?: number | undefined },
) {
  return runAction(db, ref, "complete", () => ({
    assignment: { status: "completed", completedAt: now },
    task: {
      delegationStatus: "completed",
      status: "completed",
      completedAt: now,
      ...(actualMinutes !== undefined && { actualMinutes }),
    },
  }));
}

export function cancelTaskAssignment(db: Database, ref: TaskScope) {
  return runAction(db, ref, "cancel", (task) => ({
    assignment: { status: "cancelled" },
    task: {
      delegationStatus: "unassigned",
      assigneeType: null,
      assigneeId: null,
      status: task.status === "in_progress" || task.status === "blocked" ? "pending" : task.status,
      // A block reason came with the delegation's block; one set on the task itself stays.
      blockedBy: task.delegationStatus === "blocked" ? null : task.blockedBy,
    },
  }));
}

/** The task's latest assignment that is neither completed nor cancelled, if any. */
export async function getCurrentAssignment(db: Database, { workspaceId, taskId }: TaskScope) {
  const [assignment] = await db
    .select()
    .from(taskAssignments)
    .where(
      and(
        eq(taskAssignments.workspaceId, workspaceId),
        eq(taskAssignments.taskId, taskId),
        inArray(taskAssignments.status, activeStatuses),
      ),
    )
    .orderBy(desc(taskAssignments.assignedAt), desc(taskAssignments.id))
    .limit(1);
  return assignment;
}

/** Seed 003's delegation history: every assignment of the task, oldest first. */
export function listAssignmentHistory(
  db: Database,
  { workspaceId, taskId, page }: TaskScope & { page: PageParams },
) {
  const keyset = oldestFirst(taskAssignments.createdAt, taskAssignments.id, page.after);
  return db
    .select()
    .from(taskAssignments)
    .where(
      and(
        eq(taskAssignments.workspaceId, workspaceId),
        eq(taskAssignments.taskId, taskId),
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/** An agent's assignments still under way: assigned, started or paused. */
export function listAgentActiveAssignments(
  db: Database,
  { workspaceId, agentId, page }: Scope & { agentId: string; page: PageParams },
) {
  const keyset = newestFirst(taskAssignments.createdAt, taskAssignments.id, page.after);
  return db
    .select()
    .from(taskAssignments)
    .where(
      and(
        eq(taskAssignments.workspaceId, workspaceId),
        eq(taskAssignments.agentId, agentId),
        inArray(taskAssignments.status, activeStatuses),
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/** The tasks whose assignee is the agent (a completed task keeps the agent that did it). */
export function listAgentAssignedTasks(
  db: Database,
  { workspaceId, agentId, page }: Scope & { agentId: string; page: PageParams },
) {
  const keyset = newestFirst(tasks.createdAt, tasks.id, page.after);
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        eq(tasks.assigneeType, "agent"),
        eq(tasks.assigneeId, agentId),
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}
