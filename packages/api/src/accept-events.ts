import { type Database, enqueueEvents } from "@steward/db";
import { type RejectedEvent, validateEvents } from "@steward/events";

export type IngestResult = {
  /** Event ids now durably in the inbox (or already there): safe to forget on the client. */
  accepted: string[];
  /** Events refused, by their position in the batch, with every field error. */
  rejected: RejectedEvent[];
};

/**
 * The one ingestion path behind the tRPC mutation, POST /v1/ingest and OTLP. It answers only
 * after the accepted events are committed; everything else is the worker's job. `admit` (the
 * caller's ApiContext.admitEvents) may turn the valid events away before anything is queued.
 */
export async function acceptEvents(
  db: Database,
  {
    workspaceId,
    events,
    admit,
  }: {
    workspaceId: string;
    events: readonly unknown[];
    admit?: ((events: number) => Promise<void>) | undefined;
  },
): Promise<IngestResult> {
  const { accepted, rejected } = validateEvents(events);
  if (accepted.length > 0) await admit?.(accepted.length);
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
