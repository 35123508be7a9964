import {
  assignTask,
  blockTask,
  cancelTaskAssignment,
  completeTask,
  type DelegationResult,
  delegationRules,
  getAgent,
  getCurrentAssignment,
  getTask,
  listAgentActiveAssignments,
  listAgentAssignedTasks,
  listAssignmentHistory,
  pauseTask,
  startTask,
  unblockTask,
  withHours,
} from "@steward/db";
import { z } from "zod";
import { pageOf } from "../contracts/page";
import { delegationStep, taskAssignmentRow, taskRow } from "../contracts/tasks";
import { found, invalidState, notFound } from "../errors";
import { id, jsonObject, longText, text } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, writeProcedure } from "../trpc";

/** A year of working time is far beyond any task; the bound keeps the integer column safe. */
const maxMinutes = 525_600;
export const minutes = z.number().int().min(0).max(maxMinutes);
export const hours = z
  .number()
  .min(0)
  .max(maxMinutes / 60);

/** Seed 003 speaks hours, seed 004 minutes; a caller gives one of the two, never both. */
export function minutesOrHours(prefix: "estimated" | "actual") {
  const minutesKey = `${prefix}Minutes`;
  const hoursKey = `${prefix}Hours`;
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (value[minutesKey] !== undefined && value[hoursKey] !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [hoursKey],
        message: `give ${minutesKey} or ${hoursKey}, not both`,
      });
    }
  };
}

/** The minutes a caller meant; undefined when it gave neither figure. */
export function toMinutes(minutes: number | null | undefined, hours: number | null | undefined) {
  if (hours === undefined) return minutes;
  return hours === null ? null : Math.round(hours * 60);
}

function settle(result: DelegationResult) {
  switch (result.outcome) {
    case "done":
      return { task: withHours(result.task), assignment: result.assignment };
    case "taskMissing":
      throw notFound("Task", "taskId");
    case "agentMissing":
      throw notFound("Agent", "agentId");
    case "agentArchived":
      throw invalidState(
        "Cannot assign an archived agent: it takes work again only once its status moves from archived to active",
        "agentId",
      );
    case "refused": {
      const { action, from } = result;
      const rule = delegationRules[action];
      const hint =
        action !== "assign"
          ? ""
          : from === "completed"
            ? " (a completed task is not delegated again)"
            : " (cancel the current assignment first)";
      throw invalidState(
        `Cannot ${action} the task: its delegation is ${from}, and ${action} moves only from ${rule.from.join(" or ")} to ${rule.to}${hint}`,
      );
    }
  }
}

const taskRef = z.object({ taskId: id });
const agentPage = z.object({ agentId: id, ...pageInput });

/** Delegation (seed 003); the rules are stated and enforced in @steward/db's task-delegation. */
export const delegationProcedures = {
  assign: writeProcedure
    .output(delegationStep)
    .input(
      z.object({
        taskId: id,
        agentId: id,
        notes: longText.nullish(),
        context: jsonObject.nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      settle(
        await assignTask(ctx.db, {
          workspaceId: ctx.workspaceId,
          ...input,
          assignedBy: ctx.auth.userId,
        }),
      ),
    ),

  start: writeProcedure
    .output(delegationStep)
    .input(taskRef)
    .mutation(async ({ ctx, input }) =>
      settle(await startTask(ctx.db, { workspaceId: ctx.workspaceId, ...input })),
    ),

  pause: writeProcedure
    .output(delegationStep)
    .input(taskRef)
    .mutation(async ({ ctx, input }) =>
      settle(await pauseTask(ctx.db, { workspaceId: ctx.workspaceId, ...input })),
    ),

  block: writeProcedure
    .output(delegationStep)
    .input(z.object({ taskId: id, reason: text().trim().min(1).max(1_000) }))
    .mutation(async ({ ctx, input }) =>
      settle(await blockTask(ctx.db, { workspaceId: ctx.workspaceId, ...input })),
    ),

  unblock: writeProcedure
    .output(delegationStep)
    .input(taskRef)
    .mutation(async ({ ctx, input }) =>
      settle(await unblockTask(ctx.db, { workspaceId: ctx.workspaceId, ...input })),
    ),

  complete: writeProcedure
    .output(delegationStep)
    .input(
      z
        .object({ taskId: id, actualMinutes: minutes.optional(), actualHours: hours.optional() })
        .superRefine(minutesOrHours("actual")),
    )
    .mutation(async ({ ctx, input: { taskId, actualMinutes, actualHours } }) =>
      settle(
        await completeTask(ctx.db, {
          workspaceId: ctx.workspaceId,
          taskId,
          actualMinutes: toMinutes(actualMinutes, actualHours) ?? undefined,
        }),
      ),
    ),

  /** Ends the current assignment without completing it; the task can then be assigned again. */
  cancel: writeProcedure
    .output(delegationStep)
    .input(taskRef)
    .mutation(async ({ ctx, input }) =>
      settle(await cancelTaskAssignment(ctx.db, { workspaceId: ctx.workspaceId, ...input })),
    ),

  /** The latest assignment that is neither completed nor cancelled, or null. */
  currentAssignment: readProcedure
    .output(taskAssignmentRow.nullable())
    .input(taskRef)
    .query(async ({ ctx, input }) => {
      const ref = { workspaceId: ctx.workspaceId, taskId: input.taskId };
      found(
        await getTask(ctx.db, { workspaceId: ref.workspaceId, id: ref.taskId }),
        "Task",
        "taskId",
      );
      return (await getCurrentAssignment(ctx.db, ref)) ?? null;
    }),

  /** Seed 003's delegation history: every assignment of the task, oldest first. */
  assignmentHistory: readProcedure
    .output(pageOf(taskAssignmentRow))
    .input(z.object({ taskId: id, ...pageInput }))
    .query(async ({ ctx, input: { taskId, limit, cursor } }) => {
      const workspaceId = ctx.workspaceId;
      found(await getTask(ctx.db, { workspaceId, id: taskId }), "Task", "taskId");
      const rows = await listAssignmentHistory(ctx.db, {
        workspaceId,
        taskId,
        page: { limit, after: cursor },
      });
      return toPage(rows, limit);
    }),

  /** The agent's assignments still under way (assigned, started or paused), newest first. */
  agentActiveAssignments: readProcedure
    .output(pageOf(taskAssignmentRow))
    .input(agentPage)
    .query(async ({ ctx, input: { agentId, limit, cursor } }) => {
      const workspaceId = ctx.workspaceId;
      found(await getAgent(ctx.db, { workspaceId, id: agentId }), "Agent", "agentId");
      const rows = await listAgentActiveAssignments(ctx.db, {
        workspaceId,
        agentId,
        page: { limit, after: cursor },
      });
      return toPage(rows, limit);
    }),

  /** The tasks whose assignee is the agent, newest first. */
  agentAssignedTasks: readProcedure
    .output(pageOf(taskRow))
    .input(agentPage)
    .query(async ({ ctx, input: { agentId, limit, cursor } }) => {
      const workspaceId = ctx.workspaceId;
      found(await getAgent(ctx.db, { workspaceId, id: agentId }), "Agent", "agentId");
      const rows = await listAgentAssignedTasks(ctx.db, {
        workspaceId,
        agentId,
        page: { limit, after: cursor },
      });
      return toPage(rows.map(withHours), limit);
    }),
};
