import { and, asc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../database";
import { features, requirementFeatures, requirements } from "../schema";
import { newestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };
type Ref = Scope & { id: string };

/** A requirement is validated only through `validateRequirement`. */
export type NewRequirement = Omit<
  typeof requirements.$inferInsert,
  "id" | "createdAt" | "updatedAt" | "validated"
>;
/** A requirement stays in the project it was created in; its feature links depend on that. */
export type RequirementChanges = Partial<Omit<NewRequirement, "workspaceId" | "projectId">>;

export async function createRequirement(db: Database, input: NewRequirement) {
  const [requirement] = await db.insert(requirements).values(input).returning();
  return requirement;
}

export async function updateRequirement(
  db: Database,
  { workspaceId, id, changes }: Ref & { changes: RequirementChanges },
) {
  const [requirement] = await db
    .update(requirements)
    .set(changes)
    .where(and(eq(requirements.workspaceId, workspaceId), eq(requirements.id, id)))
    .returning();
  return requirement;
}

export async function validateRequirement(db: Database, { workspaceId, id }: Ref) {
  const [requirement] = await db
    .update(requirements)
    .set({ validated: true })
    .where(and(eq(requirements.workspaceId, workspaceId), eq(requirements.id, id)))
    .returning();
  return requirement;
}

export async function getRequirement(db: Database, { workspaceId, id }: Ref) {
  const [requirement] = await db
    .select()
    .from(requirements)
    .where(and(eq(requirements.workspaceId, workspaceId), eq(requirements.id, id)));
  return requirement;
}

export type RequirementFilters = {
  category?: string | undefined;
  priority?: string | undefined;
  validated?: boolean | undefined;
};

export function listRequirements(
  db: Database,
  {
    workspaceId,
    projectId,
    filters,
    page,
  }: Scope & { projectId: string; filters: RequirementFilters; page: PageParams },
) {
  const keyset = newestFirst(requirements.createdAt, requirements.id, page.after);
  const conditions: (SQL | undefined)[] = [
    eq(requirements.workspaceId, workspaceId),
    eq(requirements.projectId, projectId),
    filters.category ? eq(requirements.category, filters.category) : undefined,
    filters.priority ? eq(requirements.priority, filters.priority) : undefined,
    filters.validated !== undefined ? eq(requirements.validated, filters.validated) : undefined,
    keyset.where,
  ];
  return db
    .select()
    .from(requirements)
    .where(and(...conditions))
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

export async function deleteRequirement(db: Database, { workspaceId, id }: Ref) {
  const [requirement] = await db
    .delete(requirements)
    .where(and(eq(requirements.workspaceId, workspaceId), eq(requirements.id, id)))
    .returning();
  return requirement;
}

type LinkRef = Scope & { requirementId: string; featureId: string };

/**
 * Idempotent: linking twice keeps the first link time. The caller checks that both sit in the
 * same project; neither can move to another project afterwards.
 */
export async function linkRequirementFeature(db: Database, input: LinkRef) {
  await db.insert(requirementFeatures).values(input).onConflictDoNothing();
  const [link] = await db
    .select()
    .from(requirementFeatures)
    .where(
      and(
        eq(requirementFeatures.workspaceId, input.workspaceId),
        eq(requirementFeatures.requirementId, input.requirementId),
        eq(requirementFeatures.featureId, input.featureId),
      ),
    );
  return link;
}

export async function unlinkRequirementFeature(db: Database, input: LinkRef) {
  const removed = await db
    .delete(requirementFeatures)
    .where(
      and(
        eq(requirementFeatures.workspaceId, input.workspaceId),
        eq(requirementFeatures.requirementId, input.requirementId),
        eq(requirementFeatures.featureId, input.featureId),
      ),
    )
    .returning();
  return removed.length > 0;
}

export function listRequirementFeatures(
  db: Database,
  { workspaceId, requirementId }: Scope & { requirementId: string },
) {
  return db
    .select({ feature: features, linkedAt: requirementFeatures.linkedAt })
    .from(requirementFeatures)
    .innerJoin(
      features,
      and(
        eq(features.workspaceId, requirementFeatures.workspaceId),
        eq(features.id, requirementFeatures.featureId),
      ),
    )
    .where(
      and(
        eq(requirementFeatures.workspaceId, workspaceId),
        eq(requirementFeatures.requirementId, requirementId),
      ),
    )
    .orderBy(asc(requirementFeatures.linkedAt), asc(features.id));
}

export function listFeatureRequirements(
  db: Database,
  { workspaceId, featureId }: Scope & { featureId: string },
) {
  return db
    .select({ requirement: requirements, linkedAt: requirementFeatures.linkedAt })
    .from(requirementFeatures)
    .innerJoin(
      requirements,
      and(
        eq(requirements.workspaceId, requirementFeatures.workspaceId),
        eq(requirements.id, requirementFeatures.requirementId),
      ),
    )
    .where(
      and(
        eq(requirementFeatures.workspaceId, workspaceId),
        eq(requirementFeatures.featureId, featureId),
      ),
    )
    .orderBy(asc(requirementFeatures.linkedAt), asc(requirements.id));
}
