import {
  agentType,
  defaultStepPageSize,
  getRunSkeleton,
  getTraceSkeleton,
  invocationDetailColumns,
  invocationSkeletonColumns,
  listTraceRoots,
  maxStepPageSize,
  phaseSkeletonColumns,
  readRunViewDetails,
  runSkeletonColumns,
  type StepCursor,
  stepDetailColumns,
  stepSkeletonColumns,
  toolCallDetailColumns,
  toolCallSkeletonColumns,
} from "@steward/db";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { invocationRow, phaseResultRow, runRow, stepRow, toolCallRow } from "../contracts/runs";
import { AppError, found, notFound } from "../errors";
import { id, text } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router } from "../trpc";
import { requireToAfterFrom, timeRangeInput } from "./time-range";

/** The columns of a row's schema that a select shape names: the shape decides, the row types. */
function picked<Shape extends object, Row extends z.ZodRawShape>(
  shape: Shape,
  row: z.ZodObject<Row>,
) {
  const keys = Object.keys(shape).filter((key) => key in row.shape);
  return Object.fromEntries(keys.map((key) => [key, true])) as {
    [K in keyof Shape & keyof Row]: true;
  };
}

/** Steps and tool calls are read as the driver answers them, timestamps as ISO text. */
const isoText = z.string().meta({ format: "date-time" });
const isoTiming = { startedAt: isoText.nullable(), finishedAt: isoText.nullable() };
const hasError = { hasError: z.boolean() };

const runSkeleton = runRow.pick(picked(runSkeletonColumns, runRow)).meta({ id: "RunSkeleton" });
const phaseSkeleton = phaseResultRow
  .pick(picked(phaseSkeletonColumns, phaseResultRow))
  .meta({ id: "PhaseSkeleton" });
const invocationSkeleton = invocationRow
  .pick(picked(invocationSkeletonColumns, invocationRow))
  .extend(hasError)
  .meta({ id: "InvocationSkeleton" });
const stepSkeleton = stepRow
  .pick(picked(stepSkeletonColumns, stepRow))
  .extend(isoTiming)
  .meta({ id: "StepSkeleton" });
const toolCallSkeleton = toolCallRow
  .pick(picked(toolCallSkeletonColumns, toolCallRow))
  .extend({ ...hasError, ...isoTiming })
  .meta({ id: "ToolCallSkeleton" });
const stepPageShape = {
  /** By invocation id, then step number. */
  steps: z.array(stepSkeleton),
  /** The tool calls of these steps, in the order they were made. */
  toolCalls: z.array(toolCallSkeleton),
  nextCursor: z.string().nullable(),
};
const runSkeletonPage = z
  .object({
    run: runSkeleton,
    phases: z.array(phaseSkeleton).nullable(),
    invocations: z.array(invocationSkeleton).nullable(),
    ...stepPageShape,
  })
  .meta({ id: "RunSkeletonPage" });
const traceSkeletonPage = z
  .object({
    root: invocationSkeleton,
    invocations: z.array(invocationSkeleton).nullable(),
    ...stepPageShape,
  })
  .meta({ id: "TraceSkeletonPage" });
const runViewDetails = z
  .object({
    steps: z.array(stepRow.pick(picked(stepDetailColumns, stepRow)).meta({ id: "StepDetail" })),
    toolCalls: z.array(
      toolCallRow.pick(picked(toolCallDetailColumns, toolCallRow)).meta({ id: "ToolCallDetail" }),
    ),
    invocations: z.array(
      invocationRow
        .pick(picked(invocationDetailColumns, invocationRow))
        .meta({ id: "InvocationDetail" }),
    ),
  })
  .meta({ id: "RunViewDetails" });

/**
 * Ids per kind one details call may name: three full lists still fit a GET URL under Node's
 * default 16 KiB header limit.
 */
export const maxDetailIds = 100;

const stepCursorPayload = z.object({
  i: z.uuid(),
  n: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});

/** A page of steps' opaque cursor, decoded at the door so a bad one names the `cursor` field. */
const stepCursor = text()
  .max(200)
  .transform((value, ctx): StepCursor => {
    try {
      const payload = stepCursorPayload.parse(
        JSON.parse(Buffer.from(value, "base64url").toString("utf8")),
      );
      return { invocationId: payload.i, stepNumber: payload.n };
    } catch {
      ctx.addIssue({ code: "custom", message: "not a cursor this API returned" });
      return z.NEVER;
    }
  });

function encodeStepCursor(cursor: StepCursor | null): string | null {
  if (!cursor) return null;
  const payload = { i: cursor.invocationId, n: cursor.stepNumber };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

const stepPage = {
  /** Steps per page; a step's tool calls always come with it. */
  limit: z.number().int().min(1).max(maxStepPageSize).default(defaultStepPageSize),
  cursor: stepCursor.optional(),
};

const detailIds = z.array(id).max(maxDetailIds).default([]);

const traceFilters = z
  .object({
    agentType: z.enum(agentType.enumValues).optional(),
    /** On the root's start. */
    ...timeRangeInput,
    ...pageInput,
  })
  .superRefine((input, ctx) => requireToAfterFrom(input, ctx));

/**
 * A run or a trace for a timeline that opens at any size: a skeleton without free text or JSON,
 * paged by steps, and the heavy fields of the rows a client opens, fetched in batches.
 */
export const runViewRouter = router({
  /**
   * One page of a run's skeleton; the first also carries its phases and invocations. Like
   * `runs.tree`, a page of thousands of rows is documented by its schema rather than rebuilt by
   * it: the select shapes name every column it reads, and the contract test checks the answer.
   */
  skeleton: readProcedure
    .meta({ output: runSkeletonPage })
    .input(z.object({ runId: id, ...stepPage }))
    .query(async ({ ctx, input }) => {
      const page = found(
        await getRunSkeleton(ctx.db, {
          workspaceId: ctx.workspaceId,
          runId: input.runId,
          after: input.cursor,
          limit: input.limit,
        }),
        "Run",
        "runId",
      );
      return { ...page, nextCursor: encodeStepCursor(page.nextCursor) };
    }),

  /** One page of the trace rooted at an invocation of no run, read like a run's skeleton. */
  trace: readProcedure
    .meta({ output: traceSkeletonPage })
    .input(z.object({ invocationId: id, ...stepPage }))
    .query(async ({ ctx, input }) => {
      const traced = await getTraceSkeleton(ctx.db, {
        workspaceId: ctx.workspaceId,
        invocationId: input.invocationId,
        after: input.cursor,
        limit: input.limit,
      });
      if (traced.outcome === "missing") throw notFound("Invocation", "invocationId");
      if (traced.outcome === "inRun") {
        throw new AppError(
          "BAD_REQUEST",
          `The invocation belongs to run ${traced.runId}: read it with runView.skeleton`,
          { field: "invocationId" },
        );
      }
      return { ...traced.page, nextCursor: encodeStepCursor(traced.page.nextCursor) };
    }),

  /** Roots of traces (invocations of no run and no parent), newest start first. */
  traces: readProcedure
    .output(pageOf(invocationSkeleton))
    .input(traceFilters)
    .query(async ({ ctx, input: { limit, cursor, agentType, from, to } }) =>
      toPage(
        await listTraceRoots(ctx.db, {
          workspaceId: ctx.workspaceId,
          filters: { agentType, started: { from, to } },
          page: { limit, after: cursor },
        }),
        limit,
        (root) => ({ createdAt: root.startedAt, id: root.id }),
      ),
    ),

  /**
   * The text and JSON the skeleton leaves out, for up to 100 ids of each kind. An id the
   * workspace does not have is absent from the answer, as another workspace's is.
   */
  details: readProcedure
    .output(runViewDetails)
    .input(z.object({ stepIds: detailIds, toolCallIds: detailIds, invocationIds: detailIds }))
    .query(({ ctx, input }) =>
      readRunViewDetails(ctx.db, { workspaceId: ctx.workspaceId, ...input }),
    ),
});
