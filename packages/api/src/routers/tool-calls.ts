import { listToolCalls, toolCallStatusValues, toolOutputType } from "@steward/db";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { toolCallRow } from "../contracts/runs";
import { id, name } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router } from "../trpc";
import { requireToAfterFrom, timeRangeInput } from "./time-range";

const outputType = z.enum(toolOutputType.enumValues);

export const toolCallsRouter = router({
  /**
   * Tool calls newest first, by when they were recorded (`from`/`to` bound that time).
   * `outputTypes` matches any of them: `["error-text", "error-json"]` lists the errors,
   * `["execution-denied"]` the denials. A filter naming a row the workspace does not have
   * matches nothing.
   */
  list: readProcedure
    .output(
      pageOf(
        toolCallRow
          .omit({ input: true, output: true, error: true })
          .meta({ id: "ToolCallListItem" }),
      ),
    )
    .input(
      z
        .object({
          toolName: name.optional(),
          status: z.enum(toolCallStatusValues).optional(),
          outputTypes: z.array(outputType).min(1).max(outputType.options.length).optional(),
          invocationId: id.optional(),
          ...timeRangeInput,
          ...pageInput,
        })
        .superRefine((input, ctx) => requireToAfterFrom(input, ctx)),
    )
    .query(async ({ ctx, input: { limit, cursor, from, to, ...filters } }) =>
      toPage(
        await listToolCalls(ctx.db, {
          workspaceId: ctx.workspaceId,
          filters: { ...filters, created: { from, to } },
          page: { limit, after: cursor },
        }),
        limit,
      ),
    ),
});
