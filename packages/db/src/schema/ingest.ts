import { index, integer, jsonb, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { tenantColumns, timestamptz, toMillisecond } from "./columns";
import { workspaceReference } from "./identity";

const eventKey = {
  workspaceId: tenantColumns.workspaceId,
  /** The client's id for the event: the unit of deduplication. */
  eventId: uuid("event_id").notNull(),
};

/**
 * Accepted telemetry waiting for the worker. Ingestion only inserts here, so acknowledging a
 * batch costs one statement; the worker claims rows, applies them and deletes them together.
 */
export const ingestInbox = agentSchema.table(
  "ingest_inbox",
  {
    ...eventKey,
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /**
     * The payload's JSON in UTF-8 bytes, written when the event is queued, so the worker can
     * bound a batch by size without reading payloads. 0 means not recorded (a row written some
     * other way): the claim then measures the payload itself.
     */
    payloadBytes: integer("payload_bytes").notNull().default(0),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
    /** Not claimable before this: an event waiting for its parent backs off. */
    availableAt: timestamptz("available_at").notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.eventId] }),
    workspaceReference("ingest_inbox_workspace_fk", t.workspaceId),
    // The worker shares a batch among workspaces: it skips from one workspace with events due
    // to the next, and takes each one's oldest, along this index.
    index("ingest_inbox_due_idx").on(t.workspaceId, t.availableAt),
  ],
);

/**
 * Every event the worker has applied, kept after its inbox row is gone, so an event sent again
 * later is recognised and changes nothing.
 */
export const ingestedEvents = agentSchema.table(
  "ingested_events",
  {
    ...eventKey,
    processedAt: timestamptz("processed_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.eventId] }),
    workspaceReference("ingested_events_workspace_fk", t.workspaceId),
    // Ingestion stats count the events applied in recent minutes; the ledger only grows, so
    // without this they would read every event the workspace ever sent.
    index("ingested_events_processed_idx").on(t.workspaceId, t.processedAt),
  ],
);

/** Events that could not be applied, with why; never dropped, and listed through the API. */
export const ingestDeadLetters = agentSchema.table(
  "ingest_dead_letters",
  {
    ...eventKey,
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    reason: text("reason").notNull(),
    attempts: integer("attempts").notNull(),
    receivedAt: timestamptz("received_at").notNull(),
    deadAt: timestamptz("dead_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.eventId] }),
    workspaceReference("ingest_dead_letters_workspace_fk", t.workspaceId),
    // The list reads newest first (by the millisecond, then id), in this index's order.
    index("ingest_dead_letters_dead_idx").on(t.workspaceId, toMillisecond(t.deadAt), t.eventId),
  ],
);
