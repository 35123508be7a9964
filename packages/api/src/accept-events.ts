import { type Database, enqueueEvents } from "@steward/db";
import { type RejectedEvent, validateEvents } from "@steward/events";

export type IngestResult = {
  /** Event ids now durably in the inbox (or already there): safe to forget on the client. */
  accepted: string[];
  /** Events refused, by their position in the batch, with every field error. */
  rejected: RejectedEvent[];
};

/**
 * The one ingestion path behind the tRPC mutation and POST /v1/ingest. It answers only after
 * the accepted events are committed; everything else is the worker's job.
 */
export async function acceptEvents(
  db: Database,
  { workspaceId, events }: { workspaceId: string; events: readonly unknown[] },
): Promise<IngestResult> {
  const { accepted, rejected } = validateEvents(events);
  await enqueueEvents(db, {
    workspaceId,
    events: accepted.map((event) => ({
      eventId: event.eventId,
      eventType: event.type,
      payload: event as unknown as Record<string, unknown>,
    })),
  });
  return { accepted: accepted.map((event) => event.eventId), rejected };
}
