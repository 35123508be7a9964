import { type AnyColumn, relations, sql } from "drizzle-orm";
import { index, integer, jsonb, text, unique, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { checkpoints } from "./checkpoints";
import {
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
  toMillisecond,
} from "./columns";
import { ctaEvents } from "./cta-events";
import { featurePhase, phaseStatus } from "./enums";
import { features } from "./features";
import { workspaceReference } from "./identity";
import { agentInvocations } from "./invocations";
import { memoryRecords } from "./memory-records";
import { metrics } from "./metrics";
import { projects } from "./projects";
import { sandboxes } from "./sandboxes";
import { usageTotalColumns } from "./usage-columns";

/**
 * A run not yet in a final phase. The list's filter and its partial index share these words:
 * the planner uses a partial index only for a query whose condition matches its predicate.
 */
export const runIsActive = (phase: AnyColumn) => sql`${phase} not in ('completed', 'failed')`;

/**
 * One run of the feature pipeline. It moves through the phases in seed 001's order, or to
 * `failed` from any phase; `completed` and `failed` are final.
 */
export const featureRuns = agentSchema.table(
  "feature_runs",
  {
    ...tenantColumns,
    projectId: uuid("project_id"),
    featureId: uuid("feature_id"),
    sandboxId: uuid("sandbox_id"),
    title: text("title").notNull(),
    /** What was asked for, in the requester's words. */
    request: text("request"),
    currentPhase: featurePhase("current_phase").notNull().default("analysis"),
    input: jsonb("input").$type<unknown>(),
    result: jsonb("result").$type<unknown>(),
    error: text("error"),
    branchName: text("branch_name"),
    pullRequestUrl: text("pull_request_url"),
    ...usageTotalColumns,
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("feature_runs_workspace_fk", t.workspaceId),
    tenantReference("feature_runs_project_fk", t.workspaceId, t.projectId, projects, "cascade"),
    tenantReference("feature_runs_feature_fk", t.workspaceId, t.featureId, features, "cascade"),
    // A sandbox that served a run is stopped, not deleted, so the run keeps its record.
    tenantReference("feature_runs_sandbox_fk", t.workspaceId, t.sandboxId, sandboxes, "no action"),
    index("feature_runs_current_phase_idx").on(t.workspaceId, t.currentPhase),
    // The list reads newest first (by the millisecond, then id); each filter has its index.
    index("feature_runs_created_idx").on(t.workspaceId, toMillisecond(t.createdAt), t.id),
    index("feature_runs_phase_created_idx").on(
      t.workspaceId,
      t.currentPhase,
      toMillisecond(t.createdAt),
      t.id,
    ),
    index("feature_runs_project_created_idx").on(
      t.workspaceId,
      t.projectId,
      toMillisecond(t.createdAt),
      t.id,
    ),
    index("feature_runs_running_created_idx")
      .on(t.workspaceId, toMillisecond(t.createdAt), t.id)
      .where(runIsActive(t.currentPhase)),
    index("feature_runs_started_idx").on(t.workspaceId, t.startedAt),
    // Retention finds a workspace's runs that finished before its cutoff.
    index("feature_runs_finished_idx").on(t.workspaceId, t.finishedAt),
    // Title search matches any part of a title: trigrams find the few runs holding a rare word
    // without reading the workspace's runs one by one (pg_trgm, loaded by the migration).
    index("feature_runs_title_trgm_idx").using("gin", t.title.op("gin_trgm_ops")),
  ],
);

/** One attempt at one phase of a run. */
export const phaseResults = agentSchema.table(
  "phase_results",
  {
    ...tenantColumns,
    runId: uuid("run_id").notNull(),
    phase: featurePhase("phase").notNull(),
    attempt: integer("attempt").notNull().default(1),
    status: phaseStatus("status").notNull().default("running"),
    output: jsonb("output").$type<unknown>(),
    error: text("error"),
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("phase_results_run_fk", t.workspaceId, t.runId, featureRuns, "cascade"),
    index("phase_results_run_phase_idx").on(t.workspaceId, t.runId, t.phase),
    unique("phase_results_run_phase_attempt_unique").on(t.workspaceId, t.runId, t.phase, t.attempt),
  ],
);

export const featureRunsRelations = relations(featureRuns, ({ one, many }) => ({
  project: one(projects, {
    fields: [featureRuns.workspaceId, featureRuns.projectId],
    references: [projects.workspaceId, projects.id],
  }),
  feature: one(features, {
    fields: [featureRuns.workspaceId, featureRuns.featureId],
    references: [features.workspaceId, features.id],
  }),
  sandbox: one(sandboxes, {
    fields: [featureRuns.workspaceId, featureRuns.sandboxId],
    references: [sandboxes.workspaceId, sandboxes.id],
  }),
  phases: many(phaseResults),
  invocations: many(agentInvocations),
  memoryRecords: many(memoryRecords),
  ctaEvents: many(ctaEvents),
  checkpoints: many(checkpoints),
  metrics: many(metrics),
}));

export const phaseResultsRelations = relations(phaseResults, ({ one, many }) => ({
  run: one(featureRuns, {
    fields: [phaseResults.workspaceId, phaseResults.runId],
    references: [featureRuns.workspaceId, featureRuns.id],
  }),
  invocations: many(agentInvocations),
}));
