import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../database";
import { rowsOf } from "../rows";
import { ingestDeadLetters, ingestInbox } from "../schema";
import { changeNoticeOf, inboxChannel, notifyChanges, notifyInbox } from "./changes";
import { newestFirst, type PageParams, type TimeRange } from "./pagination";

export type InboxEvent = { eventId: string; eventType: string; payload: Record<string, unknown> };

/** The payload's JSON in UTF-8 bytes: what the worker's batch budget counts. */
const payloadBytes = (payload: Record<string, unknown>) =>
  Buffer.byteLength(JSON.stringify(payload), "utf8");

/**
 * The whole acknowledgement path: one statement that inserts the events and notifies idle
 * workers, delivered when it commits. An event already in the inbox is skipped here; one
 * already applied and removed is recognised by the worker's ledger.
 */
export async function enqueueEvents(
  db: Database,
  { workspaceId, events }: { workspaceId: string; events: InboxEvent[] },
) {
  if (events.length === 0) return 0;
  // Each payload is serialized once, for its size, and the batch travels as one JSON parameter
  // built from those strings: one parameter however many events, nothing serialized twice.
  const records = events.map((event) => {
    const payload = JSON.stringify(event.payload);
    return `{"event_id":${JSON.stringify(event.eventId)},"event_type":${JSON.stringify(event.eventType)},"payload_bytes":${Buffer.byteLength(payload, "utf8")},"payload":${payload}}`;
  });
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`
      with inserted as (
        insert into agent.ingest_inbox (workspace_id, event_id, event_type, payload, payload_bytes)
        select ${workspaceId}, e.event_id, e.event_type, e.payload, e.payload_bytes
        from jsonb_to_recordset(${`[${records.join(",")}]`}::jsonb)
          as e(event_id uuid, event_type text, payload_bytes integer, payload jsonb)
        on conflict do nothing
        returning 1
      )
      select count(*)::int as n, pg_notify(${inboxChannel}, '') from inserted`),
  );
  return row?.n ?? 0;
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
    await notifyInbox(tx);
    await notifyChanges(tx, [changeNoticeOf(workspaceId, { ingest: true })]);
    return { eventId, eventType: letter.eventType, previousReason: letter.reason };
  });
}
