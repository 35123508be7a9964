import { sql } from "drizzle-orm";
import type { Database } from "../../database";
import { ctaEvents, ingestDeadLetters, ingestedEvents } from "../../schema";
import { toMillisecond } from "../../schema/columns";
import { affectedRows } from "./affected-rows";

/** One bounded delete: at most `limit` rows of one workspace, older than `before`. */
export type ExpiryBatch = { workspaceId: string; before: Date; limit: number };

/**
 * The ledger remembers an applied event id for the deduplication window only: an event sent
 * again within it changes nothing, one sent again after it is applied again.
 */
export async function deleteExpiredLedgerEntries(
  db: Database,
  { workspaceId, before, limit }: ExpiryBatch,
): Promise<number> {
  return affectedRows(
    await db.execute(sql`
      delete from ${ingestedEvents} where (workspace_id, event_id) in (
        select workspace_id, event_id from ${ingestedEvents}
        where workspace_id = ${workspaceId} and processed_at < ${before.toISOString()}
        limit ${limit})`),
  );
}

/** Dead letters older than their age limit; the predicate matches the list's index. */
export async function deleteExpiredDeadLetters(
  db: Database,
  { workspaceId, before, limit }: ExpiryBatch,
): Promise<number> {
  return affectedRows(
    await db.execute(sql`
      delete from ${ingestDeadLetters} where (workspace_id, event_id) in (
        select workspace_id, event_id from ${ingestDeadLetters}
        where workspace_id = ${workspaceId}
          and ${toMillisecond(ingestDeadLetters.deadAt)} < ${before.toISOString()}
        limit ${limit})`),
  );
}

/** Questions answered before `before`; pending ones are never expired here. */
export async function deleteAnsweredApprovals(
  db: Database,
  { workspaceId, before, limit }: ExpiryBatch,
): Promise<number> {
  return affectedRows(
    await db.execute(sql`
      delete from ${ctaEvents} where (workspace_id, id) in (
        select workspace_id, id from ${ctaEvents}
        where workspace_id = ${workspaceId} and answered_at is not null
          and answered_at < ${before.toISOString()}
        limit ${limit})`),
  );
}
