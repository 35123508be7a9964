import {
  createMemoryRecord,
  findInvocationRun,
  getMemoryRecord,
  getRun,
  listMemoryRecords,
} from "@steward/db";
import { featurePhaseValues, memoryRecordFields } from "@steward/events";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { memoryRecordRow } from "../contracts/records";
import { AppError, found } from "../errors";
import { id } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";

const phase = z.enum(featurePhaseValues);
const { kind } = memoryRecordFields.shape;

export const memoryRecordsRouter = router({
  /** A client may choose the id, so a retried write answers the record it made the first time. */
  create: writeProcedure
    .output(memoryRecordRow)
    .input(memoryRecordFields.extend({ id: id.optional() }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getRun(ctx.db, { ...scope, id: input.runId }), "Run", "runId");
      if (input.sourceInvocationId) {
        const source = found(
          await findInvocationRun(ctx.db, { ...scope, invocationId: input.sourceInvocationId }),
          "Invocation",
          "sourceInvocationId",
        );
        if (source.runId !== input.runId) {
          throw new AppError("BAD_REQUEST", "The source invocation belongs to another run", {
            field: "sourceInvocationId",
          });
        }
      }
      return found(await createMemoryRecord(ctx.db, { ...scope, ...input }), "Memory record");
    }),

  get: readProcedure
    .output(memoryRecordRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getMemoryRecord(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Memory record",
        "id",
      ),
    ),

  list: readProcedure
    .output(pageOf(memoryRecordRow))
    .input(z.object({ runId: id, phase: phase.optional(), kind: kind.optional(), ...pageInput }))
    .query(async ({ ctx, input: { runId, limit, cursor, ...filters } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getRun(ctx.db, { ...scope, id: runId }), "Run", "runId");
      return toPage(
        await listMemoryRecords(ctx.db, {
          ...scope,
          runId,
          filters,
          page: { limit, after: cursor },
        }),
        limit,
      );
    }),
});
