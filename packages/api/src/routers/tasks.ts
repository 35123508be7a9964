import {
  addTaskDependency,
  assigneeTypeValues,
  createTask,
  type Database,
  delegationStatusValues,
  deleteTask,
  findPlanningParents,
  getTask,
  listReadyTasks,
  listTaskLinks,
  listTasks,
  type PageAfter,
  type PlanningParentIds,
  removeTaskDependency,
  taskSizeValues,
  taskStatusValues,
  updateTask,
  withHours,
} from "@steward/db";
import { z } from "zod";
import { pageOf, removal } from "../contracts/page";
import { taskDependencyRow, taskRow } from "../contracts/tasks";
import { AppError, found, notFound } from "../errors";
import { id, jsonObject, longText, name, shortText, text } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";
import { delegationProcedures, hours, minutes, minutesOrHours, toMinutes } from "./task-delegation";

const path = text().trim().min(1).max(1_000);

/**
 * Each parent a task names must exist in the caller's workspace (NOT_FOUND otherwise, as for
 * another workspace's id) and belong to the task's project (BAD_REQUEST naming the field).
 */
async function checkParents(
  db: Database,
  workspaceId: string,
  projectId: string,
  ids: Omit<PlanningParentIds, "projectId">,
) {
  const parents = await findPlanningParents(db, { workspaceId, projectId, ...ids });
  found(parents.project, "Project", "projectId");
  const outside = (field: string, what: string) =>
    new AppError("BAD_REQUEST", `The ${what} belongs to another project than the task`, { field });
  if (ids.featureId) {
    const feature = found(parents.feature, "Feature", "featureId");
    if (feature.projectId !== projectId) throw outside("featureId", "feature");
  }
  if (ids.subFeatureId) {
    const subFeature = found(parents.subFeature, "Sub-feature", "subFeatureId");
    if (subFeature.projectId !== projectId) throw outside("subFeatureId", "sub-feature");
    if (ids.featureId && subFeature.featureId !== ids.featureId) {
      throw new AppError("BAD_REQUEST", "The sub-feature belongs to another feature", {
        field: "subFeatureId",
      });
    }
  }
  if (ids.sprintId) {
    const sprint = found(parents.sprint, "Sprint", "sprintId");
    if (sprint.projectId !== projectId) throw outside("sprintId", "sprint");
  }
}

const createInput = z
  .object({
    projectId: id,
    featureId: id.nullish(),
    subFeatureId: id.nullish(),
    sprintId: id.nullish(),
    name,
    description: longText.nullish(),
    status: z.enum(taskStatusValues).optional(),
    size: z.enum(taskSizeValues).optional(),
    worktreePath: path.nullish(),
    branchName: path.nullish(),
    maxIterations: z.number().int().min(1).max(10_000).optional(),
    estimatedMinutes: minutes.nullish(),
    estimatedHours: hours.nullish(),
    delegationContext: jsonObject.nullish(),
  })
  .superRefine(minutesOrHours("estimated"));

const taskUpdateInput = z
  .object({
    id,
    name: name.optional(),
    description: longText.nullish(),
    status: z.enum(taskStatusValues).optional(),
    size: z.enum(taskSizeValues).optional(),
    sprintId: id.nullish(),
    qaIterations: z.number().int().min(0).max(10_000).optional(),
    maxIterations: z.number().int().min(1).max(10_000).optional(),
    worktreePath: path.nullish(),
    branchName: path.nullish(),
    blockedBy: shortText.nullish(),
    estimatedMinutes: minutes.nullish(),
    estimatedHours: hours.nullish(),
    actualMinutes: minutes.nullish(),
    actualHours: hours.nullish(),
  })
  .superRefine(minutesOrHours("estimated"))
  .superRefine(minutesOrHours("actual"));

const dependencyInput = z
  .object({ taskId: id, dependsOnTaskId: id })
  .refine((input) => input.taskId !== input.dependsOnTaskId, {
    path: ["dependsOnTaskId"],
    message: "a task cannot depend on itself",
  });

const taskProcedures = {
  create: writeProcedure
    .output(taskRow)
    .input(createInput)
    .mutation(async ({ ctx, input }) => {
      const { estimatedMinutes, estimatedHours, ...fields } = input;
      await checkParents(ctx.db, ctx.workspaceId, input.projectId, input);
      const estimated = toMinutes(estimatedMinutes, estimatedHours);
      const task = await createTask(ctx.db, {
        ...fields,
        workspaceId: ctx.workspaceId,
        ...(estimated !== undefined && { estimatedMinutes: estimated }),
      });
      return withHours(found(task, "Task"));
    }),

  update: writeProcedure
    .output(taskRow)
    .input(taskUpdateInput)
    .mutation(async ({ ctx, input }) => {
      const { id, estimatedMinutes, estimatedHours, actualMinutes, actualHours, ...changes } =
        input;
      const scope = { workspaceId: ctx.workspaceId };
      const task = found(await getTask(ctx.db, { ...scope, id }), "Task", "id");
      if (changes.sprintId) {
        await checkParents(ctx.db, ctx.workspaceId, task.projectId, { sprintId: changes.sprintId });
      }
      const estimated = toMinutes(estimatedMinutes, estimatedHours);
      const actual = toMinutes(actualMinutes, actualHours);
      const updated = await updateTask(ctx.db, {
        ...scope,
        id,
        changes: {
          ...changes,
          ...(estimated !== undefined && { estimatedMinutes: estimated }),
          ...(actual !== undefined && { actualMinutes: actual }),
        },
      });
      return withHours(found(updated, "Task", "id"));
    }),

  get: readProcedure
    .output(taskRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      withHours(
        found(await getTask(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }), "Task", "id"),
      ),
    ),

  list: readProcedure
    .output(pageOf(taskRow))
    .input(
      z.object({
        projectId: id,
        status: z.enum(taskStatusValues).optional(),
        delegationStatus: z.enum(delegationStatusValues).optional(),
        sprintId: id.optional(),
        assigneeType: z.enum(assigneeTypeValues).optional(),
        assigneeId: id.optional(),
        ...pageInput,
      }),
    )
    .query(async ({ ctx, input: { projectId, limit, cursor, ...filters } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(
        (await findPlanningParents(ctx.db, { ...scope, projectId })).project,
        "Project",
        "projectId",
      );
      const rows = await listTasks(ctx.db, {
        ...scope,
        projectId,
        filters,
        page: { limit, after: cursor },
      });
      return toPage(rows.map(withHours), limit);
    }),

  /** Its dependency links and assignments go with it. */
  delete: writeProcedure
    .output(taskRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      withHours(
        found(
          await deleteTask(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
          "Task",
          "id",
        ),
      ),
    ),

  /** The task waits on dependsOnTask; both in one project, and no cycle may close. */
  addDependency: writeProcedure
    .output(taskDependencyRow)
    .input(dependencyInput)
    .mutation(async ({ ctx, input }) => {
      const result = await addTaskDependency(ctx.db, { workspaceId: ctx.workspaceId, ...input });
      switch (result.outcome) {
        case "added":
          return result.dependency;
        case "missing":
          throw notFound("Task", result.field);
        case "otherProject":
          throw new AppError("BAD_REQUEST", "A task can only depend on a task of its own project", {
            field: "dependsOnTaskId",
          });
        case "cycle":
          throw new AppError(
            "BAD_REQUEST",
            `This dependency would close the cycle ${result.cycle.map((task) => `"${task.name}"`).join(" → ")}`,
            { field: "dependsOnTaskId" },
          );
      }
    }),

  removeDependency: writeProcedure
    .output(removal)
    .input(z.object({ taskId: id, dependsOnTaskId: id }))
    .mutation(async ({ ctx, input }) => {
      const removed = await removeTaskDependency(ctx.db, {
        workspaceId: ctx.workspaceId,
        ...input,
      });
      found(removed || undefined, "Dependency", "dependsOnTaskId");
      return { removed };
    }),

  /** The tasks this task waits on. */
  dependencies: readProcedure
    .output(pageOf(taskRow))
    .input(z.object({ taskId: id, ...pageInput }))
    .query(({ ctx, input }) => listLinks(ctx.db, ctx.workspaceId, input, "dependencies")),

  /** The tasks that wait on this task. */
  dependents: readProcedure
    .output(pageOf(taskRow))
    .input(z.object({ taskId: id, ...pageInput }))
    .query(({ ctx, input }) => listLinks(ctx.db, ctx.workspaceId, input, "dependents")),

  /** Open tasks of the project (not completed or cancelled) whose dependencies are all completed. */
  ready: readProcedure
    .output(pageOf(taskRow))
    .input(z.object({ projectId: id, ...pageInput }))
    .query(async ({ ctx, input: { projectId, limit, cursor } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(
        (await findPlanningParents(ctx.db, { ...scope, projectId })).project,
        "Project",
        "projectId",
      );
      const rows = await listReadyTasks(ctx.db, {
        ...scope,
        projectId,
        page: { limit, after: cursor },
      });
      return toPage(rows.map(withHours), limit);
    }),
};

async function listLinks(
  db: Database,
  workspaceId: string,
  { taskId, limit, cursor }: { taskId: string; limit: number; cursor?: PageAfter | undefined },
  direction: "dependencies" | "dependents",
) {
  found(await getTask(db, { workspaceId, id: taskId }), "Task", "taskId");
  const rows = await listTaskLinks(db, {
    workspaceId,
    taskId,
    direction,
    page: { limit, after: cursor },
  });
  return toPage(rows.map(withHours), limit);
}

export const tasksRouter = router({ ...taskProcedures, ...delegationProcedures });
