import {
  and,
  eq,
  getTableColumns,
  inArray,
  ne,
  notExists,
  notInArray,
  type SQL,
  sql,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../database";
import { rowsOf } from "../rows";
import {
  type AssigneeType,
  type DelegationStatus,
  projects,
  type TaskStatus,
  taskDependencies,
  tasks,
} from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };
type TaskRef = Scope & { id: string };

export type Task = typeof tasks.$inferSelect;
export type NewTask = Omit<typeof tasks.$inferInsert, "id" | "createdAt" | "updatedAt">;
export type TaskChanges = Partial<Omit<NewTask, "workspaceId" | "projectId">>;

const hoursOf = (minutes: number | null) =>
  minutes === null ? null : Math.round((minutes / 60) * 100) / 100;

/** Seed 003 speaks hours, seed 004 minutes; the column holds minutes and the API shows both. */
export function withHours<
  T extends { estimatedMinutes: number | null; actualMinutes: number | null },
>(task: T) {
  return {
    ...task,
    estimatedHours: hoursOf(task.estimatedMinutes),
    actualHours: hoursOf(task.actualMinutes),
  };
}

export async function createTask(db: Database, input: NewTask) {
  const [task] = await db.insert(tasks).values(input).returning();
  return task;
}

export async function getTask(db: Database, { workspaceId, id }: TaskRef) {
  const [task] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
  return task;
}

/** A status change stamps the times it implies, once: the first start and the completion. */
export async function updateTask(
  db: Database,
  { workspaceId, id, changes }: TaskRef & { changes: TaskChanges },
) {
  const stamps = {
    ...(changes.status === "in_progress" && {
      startedAt: sql`coalesce(${tasks.startedAt}, now())`,
    }),
    ...(changes.status === "completed" && {
      completedAt: sql`coalesce(${tasks.completedAt}, now())`,
    }),
  };
  const [task] = await db
    .update(tasks)
    .set({ ...changes, ...stamps })
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)))
    .returning();
  return task;
}

/** Its dependencies, dependents' links to it and its assignments go with it. */
export async function deleteTask(db: Database, { workspaceId, id }: TaskRef) {
  const [task] = await db
    .delete(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)))
    .returning();
  return task;
}

export type TaskFilters = {
  status?: TaskStatus | undefined;
  delegationStatus?: DelegationStatus | undefined;
  sprintId?: string | undefined;
  assigneeType?: AssigneeType | undefined;
  assigneeId?: string | undefined;
};

export function listTasks(
  db: Database,
  {
    workspaceId,
    projectId,
    filters,
    page,
  }: Scope & { projectId: string; filters: TaskFilters; page: PageParams },
) {
  const keyset = newestFirst(tasks.createdAt, tasks.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(tasks.workspaceId, workspaceId),
    eq(tasks.projectId, projectId),
    filters.status ? eq(tasks.status, filters.status) : undefined,
    filters.delegationStatus ? eq(tasks.delegationStatus, filters.delegationStatus) : undefined,
    filters.sprintId ? eq(tasks.sprintId, filters.sprintId) : undefined,
    filters.assigneeType ? eq(tasks.assigneeType, filters.assigneeType) : undefined,
    filters.assigneeId ? eq(tasks.assigneeId, filters.assigneeId) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(tasks)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

const waitedOn = alias(tasks, "waited_on");

/** Open tasks of a project whose dependencies are all completed; a task with none is ready. */
export function listReadyTasks(
  db: Database,
  { workspaceId, projectId, page }: Scope & { projectId: string; page: PageParams },
) {
  const keyset = newestFirst(tasks.createdAt, tasks.id, page.after);
  const unfinishedDependency = db
    .select({ one: sql`1` })
    .from(taskDependencies)
    .innerJoin(
      waitedOn,
      and(
        eq(waitedOn.workspaceId, taskDependencies.workspaceId),
        eq(waitedOn.id, taskDependencies.dependsOnTaskId),
      ),
    )
    .where(
      and(
        eq(taskDependencies.workspaceId, tasks.workspaceId),
        eq(taskDependencies.taskId, tasks.id),
        ne(waitedOn.status, "completed"),
      ),
    );
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        eq(tasks.projectId, projectId),
        notInArray(tasks.status, ["completed", "cancelled"]),
        notExists(unfinishedDependency),
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

type DependencyRef = Scope & { taskId: string; dependsOnTaskId: string };

export type AddDependencyResult =
  | { outcome: "added"; dependency: typeof taskDependencies.$inferSelect }
  | { outcome: "missing"; field: "taskId" | "dependsOnTaskId" }
  | { outcome: "otherProject" }
  /** The tasks of the cycle the dependency would close, from the task back to itself. */
  | { outcome: "cycle"; cycle: { id: string; name: string }[] };

/**
 * Adds "task waits on dependsOnTask" unless it would close a cycle. A cycle can join two
 * dependencies whose four tasks are all different (A→B and C→D with B→C and D→A already there),
 * so locking the two tasks alone cannot keep two concurrent adds from closing one together.
 * Every dependency stays inside one project, so the project row is locked first: adds in a
 * project run one at a time, and each sees all committed dependencies. The task rows are then
 * locked so neither can be deleted while the check runs. Idempotent for an existing dependency.
 */
export function addTaskDependency(db: Database, ref: DependencyRef): Promise<AddDependencyResult> {
  const { workspaceId, taskId, dependsOnTaskId } = ref;
  const ends = (tx: Database, lock: boolean) => {
    const query = tx
      .select({ id: tasks.id, projectId: tasks.projectId })
      .from(tasks)
      .where(and(eq(tasks.workspaceId, workspaceId), inArray(tasks.id, [taskId, dependsOnTaskId])))
      .orderBy(tasks.id);
    return lock ? query.for("update") : query;
  };
  return db.transaction(async (tx) => {
    const unlocked = await ends(tx, false);
    const missing = missingEnd(unlocked, ref);
    if (missing) return missing;
    const projectIds = new Set(unlocked.map((task) => task.projectId));
    if (projectIds.size > 1) return { outcome: "otherProject" };
    await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.workspaceId, workspaceId), inArray(projects.id, [...projectIds])))
      .for("no key update");
    const lockedMissing = missingEnd(await ends(tx, true), ref);
    if (lockedMissing) return lockedMissing;

    const cycle = await findDependencyPath(tx, { workspaceId, from: dependsOnTaskId, to: taskId });
    const task = cycle.at(-1);
    if (task) return { outcome: "cycle", cycle: [task, ...cycle] };
    await tx.insert(taskDependencies).values(ref).onConflictDoNothing();
    const [dependency] = await tx
      .select()
      .from(taskDependencies)
      .where(
        and(
          eq(taskDependencies.workspaceId, workspaceId),
          eq(taskDependencies.taskId, taskId),
          eq(taskDependencies.dependsOnTaskId, dependsOnTaskId),
        ),
      );
    return dependency ? { outcome: "added", dependency } : { outcome: "missing", field: "taskId" };
  });
}

function missingEnd(found: { id: string }[], { taskId, dependsOnTaskId }: DependencyRef) {
  const has = (id: string) => found.some((task) => task.id === id);
  if (!has(taskId)) return { outcome: "missing", field: "taskId" } as const;
  if (!has(dependsOnTaskId)) return { outcome: "missing", field: "dependsOnTaskId" } as const;
  return undefined;
}

/**
 * One chain of dependencies leading from `from` to `to`, as the tasks on it (from first, to
 * last), or [] when `to` cannot be reached. The graph is kept acyclic, but the walk still skips
 * tasks already on its path so it ends even on a graph written around this query.
 */
async function findDependencyPath(
  db: Database,
  { workspaceId, from, to }: Scope & { from: string; to: string },
) {
  const result = await db.execute(sql`
    with recursive reach (task_id, path) as (
      select d.depends_on_task_id, array[d.task_id, d.depends_on_task_id]
      from ${taskDependencies} d
      where d.workspace_id = ${workspaceId} and d.task_id = ${from}
      union all
      select d.depends_on_task_id, r.path || d.depends_on_task_id
      from reach r
      join ${taskDependencies} d on d.workspace_id = ${workspaceId} and d.task_id = r.task_id
      where r.task_id <> ${to} and d.depends_on_task_id <> all(r.path)
    ),
    found as (select path from reach where task_id = ${to} limit 1)
    select t.id, t.name
    from found
    cross join lateral unnest(found.path) with ordinality as step(task_id, position)
    join ${tasks} t on t.workspace_id = ${workspaceId} and t.id = step.task_id
    order by step.position`);
  return rowsOf<{ id: string; name: string }>(result);
}

export async function removeTaskDependency(db: Database, ref: DependencyRef) {
  const removed = await db
    .delete(taskDependencies)
    .where(
      and(
        eq(taskDependencies.workspaceId, ref.workspaceId),
        eq(taskDependencies.taskId, ref.taskId),
        eq(taskDependencies.dependsOnTaskId, ref.dependsOnTaskId),
      ),
    )
    .returning();
  return removed.length > 0;
}

/** The tasks a task waits on (`direction: "dependencies"`) or that wait on it ("dependents"). */
export function listTaskLinks(
  db: Database,
  {
    workspaceId,
    taskId,
    direction,
    page,
  }: Scope & { taskId: string; direction: "dependencies" | "dependents"; page: PageParams },
) {
  const [near, far] =
    direction === "dependencies"
      ? [taskDependencies.taskId, taskDependencies.dependsOnTaskId]
      : [taskDependencies.dependsOnTaskId, taskDependencies.taskId];
  const keyset = newestFirst(tasks.createdAt, tasks.id, page.after);
  return db
    .select(getTableColumns(tasks))
    .from(taskDependencies)
    .innerJoin(tasks, and(eq(tasks.workspaceId, taskDependencies.workspaceId), eq(tasks.id, far)))
    .where(and(eq(taskDependencies.workspaceId, workspaceId), eq(near, taskId), keyset.where))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}
