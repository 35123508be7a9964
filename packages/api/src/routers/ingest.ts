import { listDeadLetters, requeueDeadLetter } from "@steward/db";
import { ingestEnvelope } from "@steward/events";
import { z } from "zod";
import { acceptEvents, type IngestResult } from "../accept-events";
import { found } from "../errors";
import { id } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { ingestProcedure, readProcedure, router, writeProcedure } from "../trpc";

export const ingestRouter = router({
  /** A batch of telemetry events; each is accepted or rejected on its own. */
  events: ingestProcedure
    .input(ingestEnvelope)
    .mutation(
      ({ ctx, input }): Promise<IngestResult> =>
        acceptEvents(ctx.db, { workspaceId: ctx.workspaceId, events: input.events }),
    ),

  /** Events the worker could not apply, newest first, with the reason. */
  deadLetters: readProcedure
    .input(z.object(pageInput))
    .query(async ({ ctx, input: { limit, cursor } }) =>
      toPage(
        await listDeadLetters(ctx.db, {
          workspaceId: ctx.workspaceId,
          page: { limit, after: cursor },
        }),
        limit,
        (row) => ({ createdAt: row.deadAt, id: row.eventId }),
      ),
    ),

  /** Sends a dead letter back to the worker, once whatever it waited for exists. */
  retryDeadLetter: writeProcedure
    .input(z.object({ eventId: id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await requeueDeadLetter(ctx.db, { workspaceId: ctx.workspaceId, eventId: input.eventId }),
        "Dead letter",
        "eventId",
      ),
    ),
});
