import { and, eq } from "drizzle-orm";
import type { Database } from "../database";
import { features, projects, sprints, subFeatures } from "../schema";

type Scope = { workspaceId: string };

export type PlanningParentIds = {
  projectId?: string | null | undefined;
  featureId?: string | null | undefined;
  subFeatureId?: string | null | undefined;
  sprintId?: string | null | undefined;
};

/**
 * The planning rows a task or run names, each with the project it belongs to, so callers can
 * check they agree; undefined where one is missing from the workspace.
 */
export async function findPlanningParents(
  db: Database,
  { workspaceId, projectId, featureId, subFeatureId, sprintId }: Scope & PlanningParentIds,
) {
  const [project] = projectId
    ? await db
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, projectId)))
    : [];
  const [feature] = featureId
    ? await db
        .select({ id: features.id, projectId: features.projectId })
        .from(features)
        .where(and(eq(features.workspaceId, workspaceId), eq(features.id, featureId)))
    : [];
  const [subFeature] = subFeatureId
    ? await db
        .select({
          id: subFeatures.id,
          featureId: subFeatures.featureId,
          projectId: features.projectId,
        })
        .from(subFeatures)
        .innerJoin(
          features,
          and(
            eq(features.workspaceId, subFeatures.workspaceId),
            eq(features.id, subFeatures.featureId),
          ),
        )
        .where(and(eq(subFeatures.workspaceId, workspaceId), eq(subFeatures.id, subFeatureId)))
    : [];
  const [sprint] = sprintId
    ? await db
        .select({ id: sprints.id, projectId: sprints.projectId })
        .from(sprints)
        .where(and(eq(sprints.workspaceId, workspaceId), eq(sprints.id, sprintId)))
    : [];
  return { project, feature, subFeature, sprint };
}
