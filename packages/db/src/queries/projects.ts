import { and, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database";
import { projects, type SprintStatus, sprints } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };
type Ref = Scope & { id: string };

export type NewProject = Omit<
  typeof projects.$inferInsert,
  "id" | "createdAt" | "updatedAt" | "completedAt"
>;
export type ProjectChanges = Partial<Omit<NewProject, "workspaceId">>;

export async function createProject(db: Database, input: NewProject) {
  const [project] = await db.insert(projects).values(input).returning();
  return project;
}

/** A status change reopens the project, so its completion time is cleared with it. */
export async function updateProject(
  db: Database,
  { workspaceId, id, changes }: Ref & { changes: ProjectChanges },
) {
  const [project] = await db
    .update(projects)
    .set(changes.status !== undefined ? { ...changes, completedAt: null } : changes)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, id)))
    .returning();
  return project;
}

export async function getProject(db: Database, { workspaceId, id }: Ref) {
  const [project] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, id)));
  return project;
}

export function listProjects(
  db: Database,
  { workspaceId, status, page }: Scope & { status?: string | undefined; page: PageParams },
) {
  const keyset = newestFirst(projects.createdAt, projects.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(projects.workspaceId, workspaceId),
    status ? eq(projects.status, status) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(projects)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/**
 * Marks a project completed; undefined when it does not exist or is completed already (the
 * caller tells the two apart), so a second call cannot move the completion time.
 */
export async function completeProject(db: Database, { workspaceId, id }: Ref) {
  const [project] = await db
    .update(projects)
    .set({ status: "completed", completedAt: sql`now()` })
    .where(
      and(
        eq(projects.workspaceId, workspaceId),
        eq(projects.id, id),
        ne(projects.status, "completed"),
      ),
    )
    .returning();
  return project;
}

/** Its requirements, features, sprints, tasks and runs go with it. */
export async function deleteProject(db: Database, { workspaceId, id }: Ref) {
  const [project] = await db
    .delete(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, id)))
    .returning();
  return project;
}

export type NewSprint = Omit<typeof sprints.$inferInsert, "id" | "createdAt" | "updatedAt">;
/** The status moves only through `transitionSprint`, and a sprint stays in its project. */
export type SprintChanges = Partial<Omit<NewSprint, "workspaceId" | "projectId" | "status">>;

export async function createSprint(db: Database, input: Omit<NewSprint, "status">) {
  const [sprint] = await db.insert(sprints).values(input).returning();
  return sprint;
}

export async function updateSprint(
  db: Database,
  { workspaceId, id, changes }: Ref & { changes: SprintChanges },
) {
  const [sprint] = await db
    .update(sprints)
    .set(changes)
    .where(and(eq(sprints.workspaceId, workspaceId), eq(sprints.id, id)))
    .returning();
  return sprint;
}

export async function getSprint(db: Database, { workspaceId, id }: Ref) {
  const [sprint] = await db
    .select()
    .from(sprints)
    .where(and(eq(sprints.workspaceId, workspaceId), eq(sprints.id, id)));
  return sprint;
}

export function listSprints(
  db: Database,
  {
    workspaceId,
    projectId,
    status,
    page,
  }: Scope & { projectId: string; status?: SprintStatus | undefined; page: PageParams },
) {
  const keyset = newestFirst(sprints.createdAt, sprints.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(sprints.workspaceId, workspaceId),
    eq(sprints.projectId, projectId),
    status ? eq(sprints.status, status) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(sprints)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/**
 * Moves a sprint to `to` only if it is in one of `from`, in one statement, so two concurrent
 * transitions cannot both succeed. Undefined when the sprint is missing or in another state.
 */
export async function transitionSprint(
  db: Database,
  { workspaceId, id, from, to }: Ref & { from: readonly SprintStatus[]; to: SprintStatus },
) {
  const [sprint] = await db
    .update(sprints)
    .set({ status: to })
    .where(
      and(
        eq(sprints.workspaceId, workspaceId),
        eq(sprints.id, id),
        inArray(sprints.status, [...from]),
      ),
    )
    .returning();
  return sprint;
}
