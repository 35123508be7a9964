import { listDeadLetters, readIngestStats, requeueDeadLetter } from "@steward/db";
import { ingestEnvelope } from "@steward/events";
import { z } from "zod";
import { acceptEvents, type IngestResult } from "../accept-events";
import { deadLetterRow, ingestResult, ingestStats, requeuedDeadLetter } from "../contracts/ingest";
import { pageOf } from "../contracts/page";
import { found } from "../errors";
import { id, name } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { ingestProcedure, readProcedure, router, writeProcedure } from "../trpc";
import { requireToAfterFrom, timeRangeInput } from "./time-range";

export const ingestRouter = router({
  /** A batch of telemetry events; each is accepted or rejected on its own. */
  events: ingestProcedure
    .output(ingestResult)
    .input(ingestEnvelope)
    .mutation(async ({ ctx, input }): Promise<IngestResult> => {
      const result = await acceptEvents(ctx.db, {
        workspaceId: ctx.workspaceId,
        events: input.events,
        admit: ctx.admitEvents,
      });
      ctx.observeIngest?.({ accepted: result.accepted.length, rejected: result.rejected.length });
      return result;
    }),

  /**
   * Events the worker could not apply, newest first, with the reason; of one event type, and
   * within [from, to) of when they were given up on, when asked.
   */
  deadLetters: readProcedure
    .output(pageOf(deadLetterRow))
    .input(
      z
        .object({ eventType: name.optional(), ...timeRangeInput, ...pageInput })
        .superRefine((input, ctx) => requireToAfterFrom(input, ctx)),
    )
    .query(async ({ ctx, input: { limit, cursor, eventType, from, to } }) =>
      toPage(
        await listDeadLetters(ctx.db, {
          workspaceId: ctx.workspaceId,
          filters: { eventType, dead: { from, to } },
          page: { limit, after: cursor },
        }),
        limit,
        (row) => ({ createdAt: row.deadAt, id: row.eventId }),
      ),
    ),

  /** The inbox's depth and age, events applied per minute lately, and dead letters. */
  stats: readProcedure
    .output(ingestStats)
    .query(({ ctx }) => readIngestStats(ctx.db, { workspaceId: ctx.workspaceId })),

  /** Sends a dead letter back to the worker, once whatever it waited for exists. */
  retryDeadLetter: writeProcedure
    .output(requeuedDeadLetter)
    .input(z.object({ eventId: id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await requeueDeadLetter(ctx.db, { workspaceId: ctx.workspaceId, eventId: input.eventId }),
        "Dead letter",
        "eventId",
      ),
    ),
});
