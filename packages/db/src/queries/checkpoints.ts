import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../database";
import { checkpoints } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };

export type NewCheckpoint = Omit<typeof checkpoints.$inferInsert, "id" | "createdAt">;

/** Whose checkpoints: a project's or a run's (exactly one is given). */
export type CheckpointOwner = { projectId: string } | { runId: string };

function ownedBy(owner: CheckpointOwner) {
  return "projectId" in owner
    ? eq(checkpoints.projectId, owner.projectId)
    : eq(checkpoints.runId, owner.runId);
}

export async function saveCheckpoint(db: Database, input: NewCheckpoint) {
  const [checkpoint] = await db.insert(checkpoints).values(input).returning();
  return checkpoint;
}

export async function getCheckpoint(db: Database, { workspaceId, id }: Scope & { id: string }) {
  const [checkpoint] = await db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.workspaceId, workspaceId), eq(checkpoints.id, id)));
  return checkpoint;
}

/** The checkpoint work resumes from: the newest of the project or run. */
export async function getLatestCheckpoint(
  db: Database,
  { workspaceId, owner }: Scope & { owner: CheckpointOwner },
) {
  const [checkpoint] = await db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.workspaceId, workspaceId), ownedBy(owner)))
    // Full precision here: two saves in one millisecond must still have a newest.
    .orderBy(desc(checkpoints.createdAt), desc(checkpoints.id))
    .limit(1);
  return checkpoint;
}

export function listCheckpoints(
  db: Database,
  { workspaceId, owner, page }: Scope & { owner: CheckpointOwner; page: PageParams },
) {
  const keyset = newestFirst(checkpoints.createdAt, checkpoints.id, page.after);
  return db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.workspaceId, workspaceId), ownedBy(owner), keyset.where))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}
