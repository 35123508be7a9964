import { ingestDeadLetters } from "@steward/db";
import { z } from "zod";
import { jsonObject } from "./json";
import { publicRow } from "./public-row";

/** What a batch of telemetry answers, on tRPC and POST /v1/ingest alike (`acceptEvents`). */
export const ingestResult = z
  .object({
    /** Event ids now durably in the inbox (or already there): safe to forget on the client. */
    accepted: z.array(z.string()),
    /** Events refused, by their position in the batch, with every field error. */
    rejected: z.array(
      z.object({
        index: z.int().min(0),
        eventId: z.string().nullable(),
        errors: z.array(z.object({ path: z.string(), message: z.string() })),
      }),
    ),
  })
  .meta({ id: "IngestResult" });

export const deadLetterRow = publicRow(ingestDeadLetters, {
  workspaceId: true,
  eventId: true,
  eventType: true,
  payload: jsonObject,
  reason: true,
  attempts: true,
  receivedAt: true,
  deadAt: true,
}).meta({ id: "DeadLetter" });

/** How a workspace's ingestion is doing (`readIngestStats`). */
export const ingestStats = z
  .object({
    /** Events accepted and not yet applied. */
    inboxDepth: z.int().min(0),
    oldestPendingAt: z.date().nullable(),
    /** The last 30 minutes, oldest first, the current minute last, empty minutes included. */
    appliedPerMinute: z.array(z.object({ minute: z.date(), events: z.int().min(0) })),
    deadLetters: z.int().min(0),
  })
  .meta({ id: "IngestStats" });

/** A dead letter sent back to the worker, and why it had died. */
export const requeuedDeadLetter = z.object({
  eventId: z.uuid(),
  eventType: z.string(),
  previousReason: z.string(),
});

/** How POST /v1/ingest refuses a whole request; `fieldErrors` names what is wrong with an envelope. */
export const ingestProblem = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  fieldErrors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
