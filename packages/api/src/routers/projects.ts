import {
  completeProject,
  createProject,
  deleteProject,
  getProject,
  listProjects,
  projectModeValues,
  updateProject,
} from "@steward/db";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { projectRow } from "../contracts/planning";
import { found, invalidState } from "../errors";
import { id, longText, name, shortText, text, updateInput } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";

const path = text().trim().min(1).max(1_000);

/** Seed 004 leaves project statuses open; "completed" is reached only through `complete`. */
const status = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((value) => value !== "completed", "use projects.complete to complete a project");

const projectFields = {
  name,
  description: longText.nullish(),
  mode: z.enum(projectModeValues),
  rootPath: path,
  repositoryUrl: shortText.trim().min(1).nullish(),
};

export const projectsRouter = router({
  create: writeProcedure
    .output(projectRow)
    .input(z.object({ ...projectFields, status: status.optional() }))
    .mutation(async ({ ctx, input }) =>
      found(await createProject(ctx.db, { ...input, workspaceId: ctx.workspaceId }), "Project"),
    ),

  /** Changing the status of a completed project reopens it. */
  update: writeProcedure
    .output(projectRow)
    .input(updateInput({ ...z.object(projectFields).partial().shape, status: status.optional() }))
    .mutation(async ({ ctx, input: { id, ...changes } }) =>
      found(
        await updateProject(ctx.db, { workspaceId: ctx.workspaceId, id, changes }),
        "Project",
        "id",
      ),
    ),

  get: readProcedure
    .output(projectRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getProject(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Project",
        "id",
      ),
    ),

  list: readProcedure
    .output(pageOf(projectRow))
    .input(z.object({ status: text().trim().min(1).max(100).optional(), ...pageInput }))
    .query(async ({ ctx, input: { limit, cursor, status } }) =>
      toPage(
        await listProjects(ctx.db, {
          workspaceId: ctx.workspaceId,
          status,
          page: { limit, after: cursor },
        }),
        limit,
      ),
    ),

  complete: writeProcedure
    .output(projectRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const ref = { workspaceId: ctx.workspaceId, id: input.id };
      const completed = await completeProject(ctx.db, ref);
      if (completed) return completed;
      const project = found(await getProject(ctx.db, ref), "Project", "id");
      throw invalidState(
        `Project cannot move from ${project.status} to completed: it was completed at ${project.completedAt?.toISOString()}`,
      );
    }),

  /** Takes the project's requirements, features, sprints and tasks with it. */
  delete: writeProcedure
    .output(projectRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await deleteProject(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Project",
        "id",
      ),
    ),
});
