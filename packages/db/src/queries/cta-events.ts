import { and, eq, gt, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database";
import { type CtaStatus, ctaEvents } from "../schema";
import { changeNoticeOf, notifyChanges } from "./changes";
import { newestFirst, type PageParams, type TimeRange } from "./pagination";

type Scope = { workspaceId: string };
type EventRef = Scope & { id: string };

export type CtaEvent = typeof ctaEvents.$inferSelect;
export type NewCtaEvent = Pick<
  typeof ctaEvents.$inferInsert,
  "workspaceId" | "id" | "runId" | "invocationId" | "kind" | "prompt" | "options" | "expiresAt"
>;

/** An event still waiting: pending, and not past its expiry even if nobody marked it yet. */
const stillOpen = or(isNull(ctaEvents.expiresAt), gt(ctaEvents.expiresAt, sql`now()`));

type CtaEventRunRef = { runId: string | null };

/**
 * Tells listeners that approvals changed, and the runs they belong to, in the transaction that
 * changed them: every write below runs inside one, so the notice leaves only with the change.
 */
function notifyApprovalsChanged(db: Database, workspaceId: string, events: CtaEventRunRef[]) {
  const runs = [...new Set(events.flatMap((event) => (event.runId ? [event.runId] : [])))];
  return notifyChanges(db, [changeNoticeOf(workspaceId, { approvals: true, runs })]);
}

/** Idempotent on a client-chosen id: a retried request answers the event the first one made. */
export async function createCtaEvent(db: Database, input: NewCtaEvent) {
  const created = await db.transaction(async (tx) => {
    const [row] = await tx.insert(ctaEvents).values(input).onConflictDoNothing().returning();
    if (row) await notifyApprovalsChanged(tx, input.workspaceId, [row]);
    return row;
  });
  if (created || !input.id) return created;
  return getCtaEvent(db, { workspaceId: input.workspaceId, id: input.id });
}

export async function getCtaEvent(db: Database, { workspaceId, id }: EventRef) {
  const [event] = await db
    .select()
    .from(ctaEvents)
    .where(and(eq(ctaEvents.workspaceId, workspaceId), eq(ctaEvents.id, id)));
  return event;
}

export function listPendingCtaEvents(
  db: Database,
  { workspaceId, runId, page }: Scope & { runId?: string | undefined; page: PageParams },
) {
  const keyset = newestFirst(ctaEvents.createdAt, ctaEvents.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(ctaEvents.workspaceId, workspaceId),
    eq(ctaEvents.status, "pending"),
    stillOpen,
    runId ? eq(ctaEvents.runId, runId) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(ctaEvents)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/** What a list row shows: the question and its answer, which are what an approvals list reads. */
export const ctaEventListColumns = {
  id: ctaEvents.id,
  workspaceId: ctaEvents.workspaceId,
  runId: ctaEvents.runId,
  invocationId: ctaEvents.invocationId,
  kind: ctaEvents.kind,
  prompt: ctaEvents.prompt,
  options: ctaEvents.options,
  status: ctaEvents.status,
  response: ctaEvents.response,
  answeredBy: ctaEvents.answeredBy,
  answeredAt: ctaEvents.answeredAt,
  expiresAt: ctaEvents.expiresAt,
  createdAt: ctaEvents.createdAt,
  updatedAt: ctaEvents.updatedAt,
};

export type CtaEventFilters = {
  /** The stored status: a pending event past its expiry stays pending until it is expired. */
  status?: CtaStatus | undefined;
  /** On `created_at`, the list's order: read along the same index. */
  created?: TimeRange | undefined;
  runId?: string | undefined;
};

/** Events newest first, read along `(workspace, status, created, id)` or `(workspace, created, id)`. */
export function listCtaEvents(
  db: Database,
  { workspaceId, filters, page }: Scope & { filters: CtaEventFilters; page: PageParams },
) {
  const keyset = newestFirst(ctaEvents.createdAt, ctaEvents.id, page.after, filters.created);
  const conditions: (SQL | undefined)[] = [
    eq(ctaEvents.workspaceId, workspaceId),
    filters.status ? eq(ctaEvents.status, filters.status) : undefined,
    filters.runId ? eq(ctaEvents.runId, filters.runId) : undefined,
    keyset.where,
  ];
  return db
    .select(ctaEventListColumns)
    .from(ctaEvents)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/**
 * Records the one answer an event takes. The update applies only to a pending event before its
 * expiry, so of two concurrent answers exactly one wins; the other gets undefined.
 */
export async function answerCtaEvent(
  db: Database,
  {
    workspaceId,
    id,
    response,
    answeredBy,
  }: EventRef & { response: unknown; answeredBy: string | null },
) {
  return db.transaction(async (tx) => {
    const [event] = await tx
      .update(ctaEvents)
      .set({ status: "answered", response, answeredBy, answeredAt: sql`now()` })
      .where(
        and(
          eq(ctaEvents.workspaceId, workspaceId),
          eq(ctaEvents.id, id),
          eq(ctaEvents.status, "pending"),
          stillOpen,
        ),
      )
      .returning();
    if (event) await notifyApprovalsChanged(tx, workspaceId, [event]);
    return event;
  });
}

/** Closes a pending event without an answer; undefined when it was no longer pending. */
export async function closeCtaEvent(
  db: Database,
  { workspaceId, id, to }: EventRef & { to: Extract<CtaStatus, "cancelled" | "expired"> },
) {
  return db.transaction(async (tx) => {
    const [event] = await tx
      .update(ctaEvents)
      .set({ status: to })
      .where(
        and(
          eq(ctaEvents.workspaceId, workspaceId),
          eq(ctaEvents.id, id),
          eq(ctaEvents.status, "pending"),
        ),
      )
      .returning();
    if (event) await notifyApprovalsChanged(tx, workspaceId, [event]);
    return event;
  });
}

/** Marks every pending event past its expiry as expired; answers how many changed. */
export async function expireDueCtaEvents(db: Database, { workspaceId }: Scope) {
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(ctaEvents)
      .set({ status: "expired" })
      .where(
        and(
          eq(ctaEvents.workspaceId, workspaceId),
          eq(ctaEvents.status, "pending"),
          lte(ctaEvents.expiresAt, sql`now()`),
        ),
      )
      .returning({ id: ctaEvents.id, runId: ctaEvents.runId });
    if (expired.length > 0) await notifyApprovalsChanged(tx, workspaceId, expired);
    return expired.length;
  });
}
