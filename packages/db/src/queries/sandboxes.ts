import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database";
import { type SandboxStatus, type SnapshotStatus, sandboxes, sandboxSnapshots } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };

/**
 * The sandbox lifecycle the API enforces (seed 001's `sandboxStatus`):
 * - pending → running | failed | aborted: the provider starts it, or it never comes up.
 * - running → stopping | snapshotting | failed | aborted.
 * - snapshotting → running | failed: a snapshot is taken of a live sandbox, which then resumes.
 * - stopping → stopped | failed.
 * - stopped, failed and aborted are final: a stopped sandbox is not restarted; a new one is
 *   created from a snapshot instead, so every run keeps the sandbox record it ran in.
 */
export const sandboxTransitions: Record<SandboxStatus, readonly SandboxStatus[]> = {
  pending: ["running", "failed", "aborted"],
  running: ["stopping", "snapshotting", "failed", "aborted"],
  snapshotting: ["running", "failed"],
  stopping: ["stopped", "failed"],
  stopped: [],
  failed: [],
  aborted: [],
};

/** A snapshot is created, then deleted or found to have failed; both are final. */
export const snapshotTransitions: Record<SnapshotStatus, readonly SnapshotStatus[]> = {
  created: ["deleted", "failed"],
  deleted: [],
  failed: [],
};

/** The sandbox states in which its file system can be captured. */
export const snapshottableSandboxStatuses: readonly SandboxStatus[] = ["running", "snapshotting"];

export type Sandbox = typeof sandboxes.$inferSelect;
export type SandboxSnapshot = typeof sandboxSnapshots.$inferSelect;
export type NewSandbox = Omit<
  typeof sandboxes.$inferInsert,
  "id" | "status" | "error" | "startedAt" | "stoppedAt" | "createdAt" | "updatedAt"
>;

export async function createSandbox(db: Database, input: NewSandbox) {
  const [sandbox] = await db.insert(sandboxes).values(input).returning();
  return sandbox;
}

export async function getSandbox(db: Database, { workspaceId, id }: Scope & { id: string }) {
  const [sandbox] = await db
    .select()
    .from(sandboxes)
    .where(and(eq(sandboxes.workspaceId, workspaceId), eq(sandboxes.id, id)));
  return sandbox;
}

export function listSandboxes(
  db: Database,
  {
    workspaceId,
    filters,
    page,
  }: Scope & { filters: { status?: SandboxStatus | undefined }; page: PageParams },
) {
  const keyset = newestFirst(sandboxes.createdAt, sandboxes.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(sandboxes.workspaceId, workspaceId),
    filters.status ? eq(sandboxes.status, filters.status) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(sandboxes)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/**
 * Applies `from → to` only if the sandbox is still in `from`, so of two concurrent transitions
 * only one applies; the other gets undefined. The caller checks the lifecycle first.
 */
export async function transitionSandbox(
  db: Database,
  {
    workspaceId,
    id,
    from,
    to,
    error,
  }: Scope & { id: string; from: SandboxStatus; to: SandboxStatus; error?: string | undefined },
) {
  const [sandbox] = await db
    .update(sandboxes)
    .set({
      status: to,
      ...(error === undefined ? {} : { error }),
      // A sandbox resuming after a snapshot keeps the time it first started.
      ...(to === "running" ? { startedAt: sql`coalesce(${sandboxes.startedAt}, now())` } : {}),
      ...(to === "stopped" ? { stoppedAt: sql`now()` } : {}),
    })
    .where(
      and(eq(sandboxes.workspaceId, workspaceId), eq(sandboxes.id, id), eq(sandboxes.status, from)),
    )
    .returning();
  return sandbox;
}

/**
 * Records a snapshot while the sandbox is running or snapshotting. The sandbox row is locked
 * for the check, so it cannot stop between the check and the insert. Answers the sandbox as
 * found (undefined when missing) and the snapshot, undefined when the sandbox's state refused it.
 */
export async function createSnapshot(
  db: Database,
  input: Scope & {
    sandboxId: string;
    storageRef?: string | null | undefined;
    sizeBytes?: number | null | undefined;
  },
) {
  return db.transaction(async (tx) => {
    const [sandbox] = await tx
      .select()
      .from(sandboxes)
      .where(and(eq(sandboxes.workspaceId, input.workspaceId), eq(sandboxes.id, input.sandboxId)))
      .for("share");
    if (!sandbox || !snapshottableSandboxStatuses.includes(sandbox.status)) {
      return { sandbox, snapshot: undefined };
    }
    const [snapshot] = await tx.insert(sandboxSnapshots).values(input).returning();
    return { sandbox, snapshot };
  });
}

export async function getSnapshot(db: Database, { workspaceId, id }: Scope & { id: string }) {
  const [snapshot] = await db
    .select()
    .from(sandboxSnapshots)
    .where(and(eq(sandboxSnapshots.workspaceId, workspaceId), eq(sandboxSnapshots.id, id)));
  return snapshot;
}

/** Applies `from → to` only if the snapshot is still in `from`, like `transitionSandbox`. */
export async function transitionSnapshot(
  db: Database,
  {
    workspaceId,
    id,
    from,
    to,
    error,
  }: Scope & { id: string; from: SnapshotStatus; to: SnapshotStatus; error?: string | undefined },
) {
  const [snapshot] = await db
    .update(sandboxSnapshots)
    .set({
      status: to,
      ...(error === undefined ? {} : { error }),
      ...(to === "deleted" ? { deletedAt: sql`now()` } : {}),
    })
    .where(
      and(
        eq(sandboxSnapshots.workspaceId, workspaceId),
        eq(sandboxSnapshots.id, id),
        eq(sandboxSnapshots.status, from),
      ),
    )
    .returning();
  return snapshot;
}

export function listSnapshots(
  db: Database,
  {
    workspaceId,
    sandboxId,
    status,
    page,
  }: Scope & { sandboxId: string; status?: SnapshotStatus | undefined; page: PageParams },
) {
  const keyset = newestFirst(sandboxSnapshots.createdAt, sandboxSnapshots.id, page.after);
  return db
    .select()
    .from(sandboxSnapshots)
    .where(
      and(
        eq(sandboxSnapshots.workspaceId, workspaceId),
        eq(sandboxSnapshots.sandboxId, sandboxId),
        status ? eq(sandboxSnapshots.status, status) : undefined,
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}
