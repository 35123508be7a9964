import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database";
import { sessions } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };
type SessionRef = Scope & { id: string };

/** A session is active until it ends; an ended session is a record and no longer changes. */
export const sessionStatusValues = ["active", "ended"] as const;
export type SessionStatus = (typeof sessionStatusValues)[number];

export type NewSession = Pick<
  typeof sessions.$inferInsert,
  "workspaceId" | "projectId" | "type"
> & {
  data?: unknown;
};

export async function startSession(db: Database, input: NewSession) {
  const [session] = await db
    .insert(sessions)
    .values({ ...input, status: "active" })
    .returning();
  return session;
}

export async function getSession(db: Database, { workspaceId, id }: SessionRef) {
  const [session] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id)));
  return session;
}

const isActive = eq(sessions.status, "active");

/**
 * Changes an active session's data: `replace` stores `data` as given; `merge` adds its keys to
 * the stored object one level deep (stored data that is not an object counts as empty).
 * Answers undefined when no active session has this id; the status check is part of the
 * update, so a session ended meanwhile is never written.
 */
export async function updateSessionData(
  db: Database,
  { workspaceId, id, data, mode }: SessionRef & { data: unknown; mode: "replace" | "merge" },
) {
  const newData: SQL | unknown =
    mode === "merge"
      ? sql`(case when jsonb_typeof(${sessions.data}) = 'object' then ${sessions.data} else '{}'::jsonb end) || ${JSON.stringify(data)}::jsonb`
      : data;
  const [session] = await db
    .update(sessions)
    .set({ data: newData })
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id), isActive))
    .returning();
  return session;
}

/** Ends an active session; undefined when no active session has this id. */
export async function endSession(db: Database, { workspaceId, id }: SessionRef) {
  const [session] = await db
    .update(sessions)
    .set({ status: "ended", endedAt: sql`now()` })
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id), isActive))
    .returning();
  return session;
}

export function listSessions(
  db: Database,
  {
    workspaceId,
    projectId,
    status,
    page,
  }: Scope & { projectId: string; status?: SessionStatus | undefined; page: PageParams },
) {
  const keyset = newestFirst(sessions.createdAt, sessions.id, page.after);
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.workspaceId, workspaceId),
        eq(sessions.projectId, projectId),
        status ? eq(sessions.status, status) : undefined,
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}
