import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database";
import { metrics } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };

export type NewMetric = Omit<typeof metrics.$inferInsert, "id">;

/** All or nothing: one insert, so a batch that fails leaves no part of itself behind. */
export function recordMetrics(db: Database, rows: NewMetric[]) {
  return db.insert(metrics).values(rows).returning();
}

export type MetricFilters = {
  type?: string | undefined;
  projectId?: string | undefined;
  agentId?: string | undefined;
  agentInstanceId?: string | undefined;
  taskId?: string | undefined;
  runId?: string | undefined;
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive, so consecutive ranges never count a measurement twice. */
  to?: Date | undefined;
};

function metricConditions(workspaceId: string, filters: MetricFilters): (SQL | undefined)[] {
  return [
    eq(metrics.workspaceId, workspaceId),
    filters.type !== undefined ? eq(metrics.type, filters.type) : undefined,
    filters.projectId ? eq(metrics.projectId, filters.projectId) : undefined,
    filters.agentId ? eq(metrics.agentId, filters.agentId) : undefined,
    filters.agentInstanceId ? eq(metrics.agentInstanceId, filters.agentInstanceId) : undefined,
    filters.taskId ? eq(metrics.taskId, filters.taskId) : undefined,
    filters.runId ? eq(metrics.runId, filters.runId) : undefined,
    filters.from ? gte(metrics.recordedAt, filters.from) : undefined,
    filters.to ? lt(metrics.recordedAt, filters.to) : undefined,
  ];
}

/** Newest measurement first; the page cursor runs on `recorded_at`, the time it describes. */
export function listMetrics(
  db: Database,
  { workspaceId, filters, page }: Scope & { filters: MetricFilters; page: PageParams },
) {
  const keyset = newestFirst(metrics.recordedAt, metrics.id, page.after);
  return db
    .select()
    .from(metrics)
    .where(and(...metricConditions(workspaceId, filters), keyset.where))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

export const metricGroupByValues = ["none", "project", "agent", "task", "run"] as const;
export type MetricGroupBy = (typeof metricGroupByValues)[number];

const groupColumns = {
  project: metrics.projectId,
  agent: metrics.agentId,
  task: metrics.taskId,
  run: metrics.runId,
} as const;

export type MetricStatistics = {
  count: number;
  /** 0 over no measurements; the others are null then. */
  sum: number;
  avg: number | null;
  min: number | null;
  max: number | null;
};

export type MetricAggregate = MetricStatistics & {
  groupBy: MetricGroupBy;
  /** One entry per project, agent, task or run; `key` null gathers measurements without one. */
  groups: (MetricStatistics & { key: string | null })[];
};

const statistics = {
  count: sql<number>`count(*)::int`,
  sum: sql<number>`coalesce(sum(${metrics.value}), 0)`.mapWith(Number),
  avg: sql<number | null>`avg(${metrics.value})`.mapWith(Number),
  min: sql<number | null>`min(${metrics.value})`.mapWith(Number),
  max: sql<number | null>`max(${metrics.value})`.mapWith(Number),
};

/**
 * Statistics of one metric type over `[from, to)`, computed by the database. With a grouping,
 * one query answers both the total and each group (grouping sets).
 */
export async function aggregateMetrics(
  db: Database,
  {
    workspaceId,
    groupBy,
    ...filters
  }: Scope & MetricFilters & { type: string; from: Date; to: Date; groupBy: MetricGroupBy },
): Promise<MetricAggregate> {
  const where = and(...metricConditions(workspaceId, filters));
  if (groupBy === "none") {
    const [total] = await db.select(statistics).from(metrics).where(where);
    return { ...(total ?? emptyStatistics), groupBy, groups: [] };
  }
  const key = groupColumns[groupBy];
  const rows = await db
    .select({ key, isTotal: sql<boolean>`grouping(${key}) = 1`, ...statistics })
    .from(metrics)
    .where(where)
    .groupBy(sql`grouping sets ((${key}), ())`)
    .orderBy(sql`${key} nulls last`);
  const {
    isTotal: _total,
    key: _key,
    ...total
  } = rows.find((row) => row.isTotal) ?? {
    isTotal: true,
    key: null,
    ...emptyStatistics,
  };
  const groups = rows.filter((row) => !row.isTotal).map(({ isTotal: _, ...group }) => group);
  return { ...total, groupBy, groups };
}

const emptyStatistics: MetricStatistics = { count: 0, sum: 0, avg: null, min: null, max: null };
