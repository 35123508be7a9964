import { agentType, invocationStatusValues, listInvocations } from "@steward/db";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { invocationRow } from "../contracts/runs";
import { id, name } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router } from "../trpc";
import { requireToAfterFrom, timeRangeInput } from "./time-range";

export const invocationsRouter = router({
  /**
   * Invocations newest first, by when they were recorded (`from`/`to` bound that time). A filter
   * naming a row the workspace does not have matches nothing.
   */
  list: readProcedure
    .output(
      pageOf(
        invocationRow
          .omit({ input: true, output: true, error: true })
          .meta({ id: "InvocationListItem" }),
      ),
    )
    .input(
      z
        .object({
          agentId: id.optional(),
          agentType: z.enum(agentType.enumValues).optional(),
          model: name.optional(),
          status: z.enum(invocationStatusValues).optional(),
          parentInvocationId: id.optional(),
          runId: id.optional(),
          agentName: name.optional(),
          traceId: name.optional(),
          conversationKey: name.optional(),
          ...timeRangeInput,
          ...pageInput,
        })
        .superRefine((input, ctx) => requireToAfterFrom(input, ctx)),
    )
    .query(async ({ ctx, input: { limit, cursor, from, to, ...filters } }) =>
      toPage(
        await listInvocations(ctx.db, {
          workspaceId: ctx.workspaceId,
          filters: { ...filters, created: { from, to } },
          page: { limit, after: cursor },
        }),
        limit,
      ),
    ),
});
