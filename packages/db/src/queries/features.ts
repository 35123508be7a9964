import { and, eq, type SQL } from "drizzle-orm";
import type { Database } from "../database";
import { type FeaturePriority, features, subFeatures } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };
type Ref = Scope & { id: string };

/** `completedTasks` is not set by hand: it counts what the feature's tasks report. */
export type NewFeature = Omit<
  typeof features.$inferInsert,
  "id" | "createdAt" | "updatedAt" | "completedTasks"
>;
/** A feature stays in the project it was created in; its requirement links depend on that. */
export type FeatureChanges = Partial<Omit<NewFeature, "workspaceId" | "projectId">>;

export async function createFeature(db: Database, input: NewFeature) {
  const [feature] = await db.insert(features).values(input).returning();
  return feature;
}

export async function updateFeature(
  db: Database,
  { workspaceId, id, changes }: Ref & { changes: FeatureChanges },
) {
  const [feature] = await db
    .update(features)
    .set(changes)
    .where(and(eq(features.workspaceId, workspaceId), eq(features.id, id)))
    .returning();
  return feature;
}

export async function getFeature(db: Database, { workspaceId, id }: Ref) {
  const [feature] = await db
    .select()
    .from(features)
    .where(and(eq(features.workspaceId, workspaceId), eq(features.id, id)));
  return feature;
}

export type FeatureFilters = {
  priority?: FeaturePriority | undefined;
  status?: string | undefined;
};

export function listFeatures(
  db: Database,
  {
    workspaceId,
    projectId,
    filters,
    page,
  }: Scope & { projectId: string; filters: FeatureFilters; page: PageParams },
) {
  const keyset = newestFirst(features.createdAt, features.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(features.workspaceId, workspaceId),
    eq(features.projectId, projectId),
    filters.priority ? eq(features.priority, filters.priority) : undefined,
    filters.status ? eq(features.status, filters.status) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(features)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/** Its sub-features and requirement links go with it; tasks still naming it keep it (CONFLICT). */
export async function deleteFeature(db: Database, { workspaceId, id }: Ref) {
  const [feature] = await db
    .delete(features)
    .where(and(eq(features.workspaceId, workspaceId), eq(features.id, id)))
    .returning();
  return feature;
}

export type NewSubFeature = Omit<typeof subFeatures.$inferInsert, "id" | "createdAt" | "updatedAt">;
export type SubFeatureChanges = Partial<Omit<NewSubFeature, "workspaceId" | "featureId">>;

export async function createSubFeature(db: Database, input: NewSubFeature) {
  const [subFeature] = await db.insert(subFeatures).values(input).returning();
  return subFeature;
}

export async function updateSubFeature(
  db: Database,
  { workspaceId, id, changes }: Ref & { changes: SubFeatureChanges },
) {
  const [subFeature] = await db
    .update(subFeatures)
    .set(changes)
    .where(and(eq(subFeatures.workspaceId, workspaceId), eq(subFeatures.id, id)))
    .returning();
  return subFeature;
}

export async function getSubFeature(db: Database, { workspaceId, id }: Ref) {
  const [subFeature] = await db
    .select()
    .from(subFeatures)
    .where(and(eq(subFeatures.workspaceId, workspaceId), eq(subFeatures.id, id)));
  return subFeature;
}

export function listSubFeatures(
  db: Database,
  { workspaceId, featureId, page }: Scope & { featureId: string; page: PageParams },
) {
  const keyset = newestFirst(subFeatures.createdAt, subFeatures.id, page.after);
  return db
    .select()
    .from(subFeatures)
    .where(
      and(
        eq(subFeatures.workspaceId, workspaceId),
        eq(subFeatures.featureId, featureId),
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

export async function deleteSubFeature(db: Database, { workspaceId, id }: Ref) {
  const [subFeature] = await db
    .delete(subFeatures)
    .where(and(eq(subFeatures.workspaceId, workspaceId), eq(subFeatures.id, id)))
    .returning();
  return subFeature;
}
