import {
  createFeature,
  createSubFeature,
  deleteFeature,
  deleteSubFeature,
  featurePriorityValues,
  getFeature,
  getProject,
  getSubFeature,
  listFeatureRequirements,
  listFeatures,
  listSubFeatures,
  updateFeature,
  updateSubFeature,
} from "@steward/db";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { featureRow, linkedRequirement, subFeatureRow } from "../contracts/planning";
import { found } from "../errors";
import { id, longText, name, text, updateInput } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";

/** Seed 004 keeps work statuses open; both default to "backlog". */
const status = text().trim().min(1).max(100);

const featureFields = {
  name,
  description: longText.nullish(),
  priority: z.enum(featurePriorityValues).optional(),
  status: status.optional(),
  estimatedTasks: z.number().int().min(0).max(100_000).optional(),
};

const subFeatureFields = { name, description: longText.nullish(), status: status.optional() };

export const featuresRouter = router({
  /** MoSCoW priority, "should" unless given. */
  create: writeProcedure
    .output(featureRow)
    .input(z.object({ projectId: id, ...featureFields }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getProject(ctx.db, { ...scope, id: input.projectId }), "Project", "projectId");
      return found(await createFeature(ctx.db, { ...scope, ...input }), "Feature");
    }),

  update: writeProcedure
    .output(featureRow)
    .input(updateInput(z.object(featureFields).partial().shape))
    .mutation(async ({ ctx, input: { id, ...changes } }) =>
      found(
        await updateFeature(ctx.db, { workspaceId: ctx.workspaceId, id, changes }),
        "Feature",
        "id",
      ),
    ),

  get: readProcedure
    .output(featureRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getFeature(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Feature",
        "id",
      ),
    ),

  list: readProcedure
    .output(pageOf(featureRow))
    .input(
      z.object({
        projectId: id,
        priority: z.enum(featurePriorityValues).optional(),
        status: status.optional(),
        ...pageInput,
      }),
    )
    .query(async ({ ctx, input: { limit, cursor, projectId, ...filters } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getProject(ctx.db, { ...scope, id: projectId }), "Project", "projectId");
      return toPage(
        await listFeatures(ctx.db, {
          ...scope,
          projectId,
          filters,
          page: { limit, after: cursor },
        }),
        limit,
      );
    }),

  /** Takes its sub-features and requirement links with it; refused while tasks name it. */
  delete: writeProcedure
    .output(featureRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await deleteFeature(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Feature",
        "id",
      ),
    ),

  /** The requirements a feature satisfies, in the order they were linked. */
  requirements: readProcedure
    .output(z.array(linkedRequirement))
    .input(z.object({ featureId: id }))
    .query(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getFeature(ctx.db, { ...scope, id: input.featureId }), "Feature", "featureId");
      return listFeatureRequirements(ctx.db, { ...scope, featureId: input.featureId });
    }),

  createSubFeature: writeProcedure
    .output(subFeatureRow)
    .input(z.object({ featureId: id, ...subFeatureFields }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getFeature(ctx.db, { ...scope, id: input.featureId }), "Feature", "featureId");
      return found(await createSubFeature(ctx.db, { ...scope, ...input }), "Sub-feature");
    }),

  updateSubFeature: writeProcedure
    .output(subFeatureRow)
    .input(updateInput(z.object(subFeatureFields).partial().shape))
    .mutation(async ({ ctx, input: { id, ...changes } }) =>
      found(
        await updateSubFeature(ctx.db, { workspaceId: ctx.workspaceId, id, changes }),
        "Sub-feature",
        "id",
      ),
    ),

  getSubFeature: readProcedure
    .output(subFeatureRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getSubFeature(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Sub-feature",
        "id",
      ),
    ),

  subFeatures: readProcedure
    .output(pageOf(subFeatureRow))
    .input(z.object({ featureId: id, ...pageInput }))
    .query(async ({ ctx, input: { limit, cursor, featureId } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getFeature(ctx.db, { ...scope, id: featureId }), "Feature", "featureId");
      return toPage(
        await listSubFeatures(ctx.db, { ...scope, featureId, page: { limit, after: cursor } }),
        limit,
      );
    }),

  /** Refused while tasks name it. */
  deleteSubFeature: writeProcedure
    .output(subFeatureRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await deleteSubFeature(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Sub-feature",
        "id",
      ),
    ),
});
