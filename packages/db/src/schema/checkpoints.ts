import { relations, sql } from "drizzle-orm";
import { check, index, jsonb, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { createdAt, tenantColumns, tenantPrimaryKey, tenantReference } from "./columns";
import { projects } from "./projects";
import { featureRuns } from "./runs";

/** A named state snapshot of a project or run that work can resume from (seed 004). */
export const checkpoints = agentSchema.table(
  "checkpoints",
  {
    ...tenantColumns,
    projectId: uuid("project_id"),
    runId: uuid("run_id"),
    name: text("name"),
    reason: text("reason"),
    state: jsonb("state").$type<unknown>().notNull(),
    gitCommit: text("git_commit"),
    ...createdAt,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("checkpoints_project_fk", t.workspaceId, t.projectId, projects, "cascade"),
    tenantReference("checkpoints_run_fk", t.workspaceId, t.runId, featureRuns, "cascade"),
    index("checkpoints_project_idx").on(t.workspaceId, t.projectId, t.createdAt),
    index("checkpoints_run_idx").on(t.workspaceId, t.runId, t.createdAt),
    check("checkpoints_owner_check", sql`num_nonnulls("project_id", "run_id") >= 1`),
  ],
);

export const checkpointsRelations = relations(checkpoints, ({ one }) => ({
  project: one(projects, {
    fields: [checkpoints.workspaceId, checkpoints.projectId],
    references: [projects.workspaceId, projects.id],
  }),
  run: one(featureRuns, {
    fields: [checkpoints.workspaceId, checkpoints.runId],
    references: [featureRuns.workspaceId, featureRuns.id],
  }),
}));
