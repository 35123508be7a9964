import {
  checkpoints,
  ctaEvents,
  ctaStatusValues,
  memoryRecords,
  metricGroupByValues,
  metrics,
  sessions,
  sessionTypeValues,
} from "@steward/db";
import { z } from "zod";
import { jsonObject } from "./json";
import { createdAt, publicRow, tenantKey, timestamps } from "./public-row";

export const memoryRecordRow = publicRow(memoryRecords, {
  ...tenantKey,
  runId: true,
  phase: true,
  kind: true,
  content: true,
  sourceInvocationId: true,
  metadata: jsonObject,
  ...createdAt,
}).meta({ id: "MemoryRecord" });

export const ctaEventRow = publicRow(ctaEvents, {
  ...tenantKey,
  runId: true,
  invocationId: true,
  kind: true,
  prompt: true,
  options: z.array(z.string()),
  status: z.enum(ctaStatusValues),
  response: true,
  answeredBy: true,
  answeredAt: true,
  expiresAt: true,
  ...timestamps,
}).meta({ id: "CtaEvent" });

/** How many pending events the sweep expired. */
export const expiredCount = z.object({ expired: z.int().min(0) });

export const checkpointRow = publicRow(checkpoints, {
  ...tenantKey,
  projectId: true,
  runId: true,
  name: true,
  reason: true,
  state: true,
  gitCommit: true,
  ...createdAt,
}).meta({ id: "Checkpoint" });

export const metricRow = publicRow(metrics, {
  ...tenantKey,
  projectId: true,
  agentId: true,
  agentInstanceId: true,
  taskId: true,
  runId: true,
  type: true,
  value: true,
  metadata: jsonObject,
  recordedAt: true,
}).meta({ id: "Metric" });

/** sum is 0 over no measurements; avg, min and max are null then. */
const metricStatistics = {
  count: z.int().min(0),
  sum: z.number(),
  avg: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
};

export const metricAggregate = z.object({
  ...metricStatistics,
  groupBy: z.enum(metricGroupByValues),
  /** One entry per project, agent, task or run; `key` null gathers measurements without one. */
  groups: z.array(z.object({ ...metricStatistics, key: z.string().nullable() })),
});

export const sessionRow = publicRow(sessions, {
  ...tenantKey,
  projectId: true,
  type: z.enum(sessionTypeValues),
  status: true,
  data: true,
  startedAt: true,
  endedAt: true,
  ...timestamps,
}).meta({ id: "Session" });
