import { relations } from "drizzle-orm";
import { index, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import { checkpoints } from "./checkpoints";
import {
  checkOneOf,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
} from "./columns";
import { features } from "./features";
import { workspaceReference } from "./identity";
import { metrics } from "./metrics";
import { requirements } from "./requirements";
import { featureRuns } from "./runs";
import { sessions } from "./sessions";
import { tasks } from "./tasks";

export const projectModeValues = ["genesis", "evolution"] as const;
export type ProjectMode = (typeof projectModeValues)[number];

export const projects = agentSchema.table(
  "projects",
  {
    ...tenantColumns,
    name: text("name").notNull(),
    description: text("description"),
    mode: text("mode").$type<ProjectMode>().notNull(),
    status: text("status").notNull().default("planning"),
    rootPath: text("root_path").notNull(),
    repositoryUrl: text("repository_url"),
    completedAt: timestamptz("completed_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("projects_workspace_fk", t.workspaceId),
    index("projects_status_idx").on(t.workspaceId, t.status),
    checkOneOf("projects_mode_check", "mode", projectModeValues),
  ],
);

export const sprintStatusValues = ["planned", "active", "completed", "cancelled"] as const;
export type SprintStatus = (typeof sprintStatusValues)[number];

/** Seed 003 treats sprints as existing; Steward owns them. */
export const sprints = agentSchema.table(
  "sprints",
  {
    ...tenantColumns,
    projectId: uuid("project_id").notNull(),
    name: text("name").notNull(),
    goal: text("goal"),
    status: text("status").$type<SprintStatus>().notNull().default("planned"),
    startsAt: timestamptz("starts_at"),
    endsAt: timestamptz("ends_at"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("sprints_project_fk", t.workspaceId, t.projectId, projects, "cascade"),
    index("sprints_project_idx").on(t.workspaceId, t.projectId),
    checkOneOf("sprints_status_check", "status", sprintStatusValues),
  ],
);

export const projectsRelations = relations(projects, ({ many }) => ({
  requirements: many(requirements),
  features: many(features),
  sprints: many(sprints),
  tasks: many(tasks),
  checkpoints: many(checkpoints),
  metrics: many(metrics),
  sessions: many(sessions),
  featureRuns: many(featureRuns),
}));

export const sprintsRelations = relations(sprints, ({ one, many }) => ({
  project: one(projects, {
    fields: [sprints.workspaceId, sprints.projectId],
    references: [projects.workspaceId, projects.id],
  }),
  tasks: many(tasks),
}));
