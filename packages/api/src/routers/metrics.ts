import {
  aggregateMetrics,
  listMetrics,
  metricGroupByValues,
  type Reference,
  recordMetrics,
} from "@steward/db";
import { metricFields } from "@steward/events";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { metricAggregate, metricRow } from "../contracts/records";
import { found } from "../errors";
import { id, timestamp } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";
import { requireReferences } from "./require-references";

const maxMetricBatch = 500;

// A measurement's fields are the `metric.recorded` event's; the kind travels as `type` here.
const { metricType, ...measurement } = metricFields.shape;
const metric = z.object({ type: metricType, ...measurement });

const subjectIds = {
  projectId: id.optional(),
  agentId: id.optional(),
  agentInstanceId: id.optional(),
  taskId: id.optional(),
  runId: id.optional(),
};
type SubjectIds = { [K in keyof typeof subjectIds]?: string | null | undefined };

/** The row to insert; a measurement without a time is taken now. */
function toNewMetric(input: z.infer<typeof metric>, workspaceId: string) {
  return { ...input, recordedAt: input.recordedAt ?? undefined, workspaceId };
}

function referencesOf(ids: SubjectIds, prefix = ""): Reference[] {
  return [
    { field: `${prefix}projectId`, kind: "project", id: ids.projectId },
    { field: `${prefix}agentId`, kind: "agent", id: ids.agentId },
    { field: `${prefix}agentInstanceId`, kind: "agentInstance", id: ids.agentInstanceId },
    { field: `${prefix}taskId`, kind: "task", id: ids.taskId },
    { field: `${prefix}runId`, kind: "run", id: ids.runId },
  ];
}

const timeRange = { from: timestamp, to: timestamp };

function requireToAfterFrom(
  range: { from?: Date | undefined; to?: Date | undefined },
  ctx: z.RefinementCtx,
) {
  if (range.from && range.to && range.to <= range.from) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: "must be after from: the range is [from, to)",
    });
  }
}

/** Pages by the time a measurement describes, newest first. */
function toMetricPage<T extends { id: string; recordedAt: Date }>(rows: T[], limit: number) {
  const page = toPage(
    rows.map((row) => ({ id: row.id, createdAt: row.recordedAt, row })),
    limit,
  );
  return { items: page.items.map(({ row }) => row), nextCursor: page.nextCursor };
}

export const metricsRouter = router({
  record: writeProcedure
    .output(metricRow)
    .input(metric)
    .mutation(async ({ ctx, input }) => {
      await requireReferences(ctx.db, ctx.workspaceId, referencesOf(input));
      const [recorded] = await recordMetrics(ctx.db, [toNewMetric(input, ctx.workspaceId)]);
      return found(recorded, "Metric");
    }),

  /** All or nothing: one bad measurement refuses the whole batch, naming its index. */
  recordMany: writeProcedure
    .output(z.array(metricRow))
    .input(z.object({ metrics: z.array(metric).min(1).max(maxMetricBatch) }))
    .mutation(async ({ ctx, input }) => {
      await requireReferences(
        ctx.db,
        ctx.workspaceId,
        input.metrics.flatMap((item, index) => referencesOf(item, `metrics.${index}.`)),
      );
      return recordMetrics(
        ctx.db,
        input.metrics.map((item) => toNewMetric(item, ctx.workspaceId)),
      );
    }),

  /** sum, avg, count, min and max of one type over [from, to), optionally per subject. */
  aggregate: readProcedure
    .output(metricAggregate)
    .input(
      z
        .object({
          type: metricType,
          ...timeRange,
          projectId: id.optional(),
          agentId: id.optional(),
          taskId: id.optional(),
          runId: id.optional(),
          groupBy: z.enum(metricGroupByValues).default("none"),
        })
        .superRefine(requireToAfterFrom),
    )
    .query(async ({ ctx, input }) => {
      await requireReferences(ctx.db, ctx.workspaceId, referencesOf(input));
      return aggregateMetrics(ctx.db, { ...input, workspaceId: ctx.workspaceId });
    }),

  list: readProcedure
    .output(pageOf(metricRow))
    .input(
      z
        .object({
          type: metricType.optional(),
          ...subjectIds,
          from: timeRange.from.optional(),
          to: timeRange.to.optional(),
          ...pageInput,
        })
        .superRefine(requireToAfterFrom),
    )
    .query(async ({ ctx, input: { limit, cursor, ...filters } }) => {
      await requireReferences(ctx.db, ctx.workspaceId, referencesOf(filters));
      return toMetricPage(
        await listMetrics(ctx.db, {
          workspaceId: ctx.workspaceId,
          filters,
          page: { limit, after: cursor },
        }),
        limit,
      );
    }),
});
