import { relations } from "drizzle-orm";
import { doublePrecision, index, jsonb, text, uuid } from "drizzle-orm/pg-core";
import { agentInstances } from "./agent-instances";
import { agentSchema } from "./agent-schema";
import { agents } from "./agents";
import { tenantColumns, tenantPrimaryKey, tenantReference, timestamptz } from "./columns";
import { workspaceReference } from "./identity";
import { projects } from "./projects";
import { featureRuns } from "./runs";
import { tasks } from "./tasks";

/** Types seed 004 names; others are allowed, so a measurement is never refused for its name. */
export const knownMetricTypes = ["token_usage", "task_duration", "qa_iterations"] as const;

/** A typed measurement, per project, agent, agent instance, task or run (seed 004). */
export const metrics = agentSchema.table(
  "metrics",
  {
    ...tenantColumns,
    projectId: uuid("project_id"),
    agentId: uuid("agent_id"),
    agentInstanceId: uuid("agent_instance_id"),
    taskId: uuid("task_id"),
    runId: uuid("run_id"),
    type: text("type").notNull(),
    value: doublePrecision("value").notNull(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    recordedAt: timestamptz("recorded_at").notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("metrics_workspace_fk", t.workspaceId),
    tenantReference("metrics_project_fk", t.workspaceId, t.projectId, projects, "cascade"),
    tenantReference("metrics_agent_fk", t.workspaceId, t.agentId, agents, "cascade"),
    tenantReference(
      "metrics_agent_instance_fk",
      t.workspaceId,
      t.agentInstanceId,
      agentInstances,
      "cascade",
    ),
    tenantReference("metrics_task_fk", t.workspaceId, t.taskId, tasks, "cascade"),
    tenantReference("metrics_run_fk", t.workspaceId, t.runId, featureRuns, "cascade"),
    index("metrics_type_recorded_at_idx").on(t.workspaceId, t.type, t.recordedAt),
    index("metrics_project_idx").on(t.workspaceId, t.projectId, t.type),
    index("metrics_run_idx").on(t.workspaceId, t.runId, t.type),
    index("metrics_recorded_idx").on(t.workspaceId, t.recordedAt),
  ],
);

export const metricsRelations = relations(metrics, ({ one }) => ({
  project: one(projects, {
    fields: [metrics.workspaceId, metrics.projectId],
    references: [projects.workspaceId, projects.id],
  }),
  agent: one(agents, {
    fields: [metrics.workspaceId, metrics.agentId],
    references: [agents.workspaceId, agents.id],
  }),
  agentInstance: one(agentInstances, {
    fields: [metrics.workspaceId, metrics.agentInstanceId],
    references: [agentInstances.workspaceId, agentInstances.id],
  }),
  task: one(tasks, {
    fields: [metrics.workspaceId, metrics.taskId],
    references: [tasks.workspaceId, tasks.id],
  }),
  run: one(featureRuns, {
    fields: [metrics.workspaceId, metrics.runId],
    references: [featureRuns.workspaceId, featureRuns.id],
  }),
}));
