import { relations } from "drizzle-orm";
import { boolean, index, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import {
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
  timestamptz,
} from "./columns";
import { features } from "./features";
import { projects } from "./projects";

export const requirements = agentSchema.table(
  "requirements",
  {
    ...tenantColumns,
    projectId: uuid("project_id").notNull(),
    category: text("category").notNull(),
    description: text("description").notNull(),
    priority: text("priority").notNull().default("medium"),
    source: text("source"),
    validated: boolean("validated").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference("requirements_project_fk", t.workspaceId, t.projectId, projects, "cascade"),
    index("requirements_project_idx").on(t.workspaceId, t.projectId),
  ],
);

/** Which features satisfy a requirement; replaces seed 004's JSON `linked_features`. */
export const requirementFeatures = agentSchema.table(
  "requirement_features",
  {
    workspaceId: tenantColumns.workspaceId,
    requirementId: uuid("requirement_id").notNull(),
    featureId: uuid("feature_id").notNull(),
    linkedAt: timestamptz("linked_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.requirementId, t.featureId] }),
    tenantReference(
      "requirement_features_requirement_fk",
      t.workspaceId,
      t.requirementId,
      requirements,
      "cascade",
    ),
    tenantReference(
      "requirement_features_feature_fk",
      t.workspaceId,
      t.featureId,
      features,
      "cascade",
    ),
    index("requirement_features_feature_idx").on(t.workspaceId, t.featureId),
  ],
);

export const requirementsRelations = relations(requirements, ({ one, many }) => ({
  project: one(projects, {
    fields: [requirements.workspaceId, requirements.projectId],
    references: [projects.workspaceId, projects.id],
  }),
  features: many(requirementFeatures),
}));

export const requirementFeaturesRelations = relations(requirementFeatures, ({ one }) => ({
  requirement: one(requirements, {
    fields: [requirementFeatures.workspaceId, requirementFeatures.requirementId],
    references: [requirements.workspaceId, requirements.id],
  }),
  feature: one(features, {
    fields: [requirementFeatures.workspaceId, requirementFeatures.featureId],
    references: [features.workspaceId, features.id],
  }),
}));
