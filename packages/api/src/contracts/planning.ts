import {
  featurePriorityValues,
  features,
  projectModeValues,
  projects,
  requirementFeatures,
  requirements,
  sprintStatusValues,
  sprints,
  subFeatures,
} from "@steward/db";
import { z } from "zod";
import { publicRow, tenantKey, timestamps } from "./public-row";

export const projectRow = publicRow(projects, {
  ...tenantKey,
  name: true,
  description: true,
  mode: z.enum(projectModeValues),
  status: true,
  rootPath: true,
  repositoryUrl: true,
  completedAt: true,
  ...timestamps,
}).meta({ id: "Project" });

export const sprintRow = publicRow(sprints, {
  ...tenantKey,
  projectId: true,
  name: true,
  goal: true,
  status: z.enum(sprintStatusValues),
  startsAt: true,
  endsAt: true,
  ...timestamps,
}).meta({ id: "Sprint" });

export const requirementRow = publicRow(requirements, {
  ...tenantKey,
  projectId: true,
  category: true,
  description: true,
  priority: true,
  source: true,
  validated: true,
  ...timestamps,
}).meta({ id: "Requirement" });

export const featureRow = publicRow(features, {
  ...tenantKey,
  projectId: true,
  name: true,
  description: true,
  priority: z.enum(featurePriorityValues),
  status: true,
  estimatedTasks: true,
  completedTasks: true,
  ...timestamps,
}).meta({ id: "Feature" });

export const subFeatureRow = publicRow(subFeatures, {
  ...tenantKey,
  featureId: true,
  name: true,
  description: true,
  status: true,
  ...timestamps,
}).meta({ id: "SubFeature" });

export const requirementFeatureRow = publicRow(requirementFeatures, {
  workspaceId: true,
  requirementId: true,
  featureId: true,
  linkedAt: true,
}).meta({ id: "RequirementFeatureLink" });

/** A feature linked to a requirement, with the time of the link. */
export const linkedFeature = z.object({ feature: featureRow, linkedAt: z.date() });

/** A requirement a feature satisfies, with the time of the link. */
export const linkedRequirement = z.object({ requirement: requirementRow, linkedAt: z.date() });
