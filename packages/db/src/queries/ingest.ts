import { and, eq } from "drizzle-orm";
import type { Database } from "../database";
import { ingestDeadLetters, ingestInbox } from "../schema";
import { changeNoticeOf, notifyChanges } from "./changes";
import { newestFirst, type PageParams, type TimeRange } from "./pagination";

export type InboxEvent = { eventId: string; eventType: string; payload: Record<string, unknown> };

/** The payload's JSON in UTF-8 bytes: what the worker's batch budget counts. */
const payloadBytes = (payload: Record<string, unknown>) =>
  Buffer.byteLength(JSON.stringify(payload), "utf8");

/**
 * The whole acknowledgement path: one multi-row insert. An event already in the inbox is
 * skipped here; one already applied and removed is recognised by the worker's ledger.
 */
export async function enqueueEvents(
  db: Database,
  { workspaceId, events }: { workspaceId: string; events: InboxEvent[] },
) {
  if (events.length === 0) return 0;
  const inserted = await db
    .insert(ingestInbox)
    .values(
      events.map((event) => ({
        workspaceId,
        ...event,
        payloadBytes: payloadBytes(event.payload),
      })),
    )
    .onConflictDoNothing()
    .returning({ eventId: ingestInbox.eventId });
  return inserted.length;
}

export type DeadLetterFilters = {
  eventType?: string | undefined;
  /** On `dead_at`, the list's order: read along the same index. */
  dead?: TimeRange | undefined;
};

/** Dead letters newest first, read along `(workspace, dead_at, event_id)`. */
export function listDeadLetters(
  db: Database,
  {
    workspaceId,
    filters = {},
    page,
  }: { workspaceId: string; filters?: DeadLetterFilters; page: PageParams },
) {
  const t = ingestDeadLetters;
  const keyset = newestFirst(t.deadAt, t.eventId, page.after, filters.dead);
  return db
    .select()
    .from(t)
    .where(
      and(
        eq(t.workspaceId, workspaceId),
        filters.eventType ? eq(t.eventType, filters.eventType) : undefined,
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/**
 * Puts a dead letter back in the inbox with fresh attempts, for when what it waited for now
 * exists. Answers the requeued event, or undefined when the workspace has no such dead letter.
 */
export async function requeueDeadLetter(
  db: Database,
  { workspaceId, eventId }: { workspaceId: string; eventId: string },
) {
  return db.transaction(async (tx) => {
    const [letter] = await tx
      .delete(ingestDeadLetters)
      .where(
        and(eq(ingestDeadLetters.workspaceId, workspaceId), eq(ingestDeadLetters.eventId, eventId)),
      )
      .returning();
    if (!letter) return undefined;
    await tx
      .insert(ingestInbox)
      .values({
        workspaceId,
        eventId,
        eventType: letter.eventType,
        payload: letter.payload,
        payloadBytes: payloadBytes(letter.payload),
        receivedAt: letter.receivedAt,
      })
      .onConflictDoNothing();
    await notifyChanges(tx, [changeNoticeOf(workspaceId, { ingest: true })]);
    return { eventId, eventType: letter.eventType, previousReason: letter.reason };
  });
}
