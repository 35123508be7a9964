import {
  createRequirement,
  deleteRequirement,
  getFeature,
  getProject,
  getRequirement,
  linkRequirementFeature,
  listRequirementFeatures,
  listRequirements,
  unlinkRequirementFeature,
  updateRequirement,
  validateRequirement,
} from "@steward/db";
import { z } from "zod";
import { pageOf, removal } from "../contracts/page";
import { linkedFeature, requirementFeatureRow, requirementRow } from "../contracts/planning";
import { AppError, found } from "../errors";
import { id, longText, text, updateInput } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";

/** Seed 004 keeps category and priority open (priority defaults to "medium"). */
const label = text().trim().min(1).max(100);

const requirementFields = {
  category: label,
  description: longText.trim().min(1),
  priority: label.optional(),
  source: text().trim().min(1).max(1_000).nullish(),
};

const linkInput = z.object({ requirementId: id, featureId: id });

export const requirementsRouter = router({
  create: writeProcedure
    .output(requirementRow)
    .input(z.object({ projectId: id, ...requirementFields }))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getProject(ctx.db, { ...scope, id: input.projectId }), "Project", "projectId");
      return found(await createRequirement(ctx.db, { ...scope, ...input }), "Requirement");
    }),

  update: writeProcedure
    .output(requirementRow)
    .input(updateInput(z.object(requirementFields).partial().shape))
    .mutation(async ({ ctx, input: { id, ...changes } }) =>
      found(
        await updateRequirement(ctx.db, { workspaceId: ctx.workspaceId, id, changes }),
        "Requirement",
        "id",
      ),
    ),

  /** Idempotent: validating a validated requirement changes nothing but its update time. */
  validate: writeProcedure
    .output(requirementRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await validateRequirement(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Requirement",
        "id",
      ),
    ),

  get: readProcedure
    .output(requirementRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getRequirement(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Requirement",
        "id",
      ),
    ),

  list: readProcedure
    .output(pageOf(requirementRow))
    .input(
      z.object({
        projectId: id,
        category: label.optional(),
        priority: label.optional(),
        validated: z.boolean().optional(),
        ...pageInput,
      }),
    )
    .query(async ({ ctx, input: { limit, cursor, projectId, ...filters } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getProject(ctx.db, { ...scope, id: projectId }), "Project", "projectId");
      return toPage(
        await listRequirements(ctx.db, {
          ...scope,
          projectId,
          filters,
          page: { limit, after: cursor },
        }),
        limit,
      );
    }),

  delete: writeProcedure
    .output(requirementRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await deleteRequirement(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Requirement",
        "id",
      ),
    ),

  /** A requirement is satisfied only by features of its own project. Idempotent. */
  linkFeature: writeProcedure
    .output(requirementFeatureRow)
    .input(linkInput)
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      const requirement = found(
        await getRequirement(ctx.db, { ...scope, id: input.requirementId }),
        "Requirement",
        "requirementId",
      );
      const feature = found(
        await getFeature(ctx.db, { ...scope, id: input.featureId }),
        "Feature",
        "featureId",
      );
      if (feature.projectId !== requirement.projectId) {
        throw new AppError(
          "BAD_REQUEST",
          "The feature belongs to another project than the requirement",
          { field: "featureId" },
        );
      }
      return found(await linkRequirementFeature(ctx.db, { ...scope, ...input }), "Link");
    }),

  unlinkFeature: writeProcedure
    .output(removal)
    .input(linkInput)
    .mutation(async ({ ctx, input }) => {
      const removed = await unlinkRequirementFeature(ctx.db, {
        workspaceId: ctx.workspaceId,
        ...input,
      });
      found(removed || undefined, "Link of this requirement and feature", "featureId");
      return { removed };
    }),

  /** The features linked to a requirement, in the order they were linked. */
  features: readProcedure
    .output(z.array(linkedFeature))
    .input(z.object({ requirementId: id }))
    .query(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(
        await getRequirement(ctx.db, { ...scope, id: input.requirementId }),
        "Requirement",
        "requirementId",
      );
      return listRequirementFeatures(ctx.db, { ...scope, requirementId: input.requirementId });
    }),
});
