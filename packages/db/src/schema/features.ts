import { relations } from "drizzle-orm";
import { index, integer, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import {
  checkOneOf,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
} from "./columns";
import { projects } from "./projects";
import { requirementFeatures } from "./requirements";
import { featureRuns } from "./runs";
import { tasks } from "./tasks";

/** MoSCoW. */
export const featurePriorityValues = ["must", "should", "could", "wont"] as const;
export type FeaturePriority = (typeof featurePriorityValues)[number];

export const features = agentSchema.table(
  "features",
  {
    ...tenantColumns,
    projectId: uuid("project_id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    priority: text("priority").$type<FeaturePriority>().notNull().default("should"),
    status: text("status").notNull().default("backlog"),
    estimatedTasks: integer("estimated_tasks").notNull().default(0),
    completedTasks: integer("completed_tasks").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("features_project_fk", t.workspaceId, t.projectId, projects, "cascade"),
    index("features_project_idx").on(t.workspaceId, t.projectId),
    checkOneOf("features_priority_check", "priority", featurePriorityValues),
  ],
);

export const subFeatures = agentSchema.table(
  "sub_features",
  {
    ...tenantColumns,
    featureId: uuid("feature_id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    status: text("status").notNull().default("backlog"),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("sub_features_feature_fk", t.workspaceId, t.featureId, features, "cascade"),
    index("sub_features_feature_idx").on(t.workspaceId, t.featureId),
  ],
);

export const featuresRelations = relations(features, ({ one, many }) => ({
  project: one(projects, {
    fields: [features.workspaceId, features.projectId],
    references: [projects.workspaceId, projects.id],
  }),
  subFeatures: many(subFeatures),
  requirements: many(requirementFeatures),
  tasks: many(tasks),
  runs: many(featureRuns),
}));

export const subFeaturesRelations = relations(subFeatures, ({ one, many }) => ({
  feature: one(features, {
    fields: [subFeatures.workspaceId, subFeatures.featureId],
    references: [features.workspaceId, features.id],
  }),
  tasks: many(tasks),
}));
