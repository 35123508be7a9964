import {
  agentInstanceTypeValues,
  getAgent,
  getAgentInstance,
  isTaskInWorkspace,
  listAgentInstances,
  recordAgentHeartbeat,
  recordAgentTaskOutcome,
  spawnAgentInstance,
  terminateAgentInstance,
} from "@steward/db";
import { z } from "zod";
import type { ApiContext } from "../context";
import { agentInstanceRow } from "../contracts/agents";
import { pageOf } from "../contracts/page";
import { found, invalidState, notFound } from "../errors";
import { id, longText, text } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";

const terminated = "terminated";

/** Free text as in seed 004, except that only `terminate` may end an instance. */
const status = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((value) => value !== terminated, "use agentInstances.terminate to end an instance");

const path = text().trim().min(1).max(1_000);

type Scoped = Pick<ApiContext, "db"> & { workspaceId: string };

async function requireTask(ctx: Scoped, taskId: string | null | undefined) {
  if (taskId && !(await isTaskInWorkspace(ctx.db, { workspaceId: ctx.workspaceId, taskId }))) {
    throw notFound("Task", "currentTaskId");
  }
}

/** Explains why a change of a live instance found nothing: it is missing, or it has ended. */
async function refuseUnlessLive(
  ctx: Scoped,
  instanceId: string,
  { action, to }: { action: string; to: string },
): Promise<never> {
  const instance = found(
    await getAgentInstance(ctx.db, { workspaceId: ctx.workspaceId, id: instanceId }),
    "Agent instance",
    "id",
  );
  throw invalidState(
    `Agent instance cannot ${action}: it was terminated at ${instance.terminatedAt?.toISOString()}, and nothing moves it from ${instance.status} to ${to}`,
  );
}

export const agentInstancesRouter = router({
  spawn: writeProcedure
    .output(agentInstanceRow)
    .input(
      z.object({
        type: z.enum(agentInstanceTypeValues),
        /** The definition it runs, when there is one. */
        agentId: id.nullish(),
        currentTaskId: id.nullish(),
        worktreePath: path.nullish(),
        branchName: text().trim().min(1).max(255).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      if (input.agentId) {
        found(await getAgent(ctx.db, { ...scope, id: input.agentId }), "Agent", "agentId");
      }
      await requireTask(ctx, input.currentTaskId);
      return found(await spawnAgentInstance(ctx.db, { ...scope, ...input }), "Agent instance");
    }),

  /** Marks the instance alive; `tokensUsed` is what it spent since its previous heartbeat. */
  heartbeat: writeProcedure
    .output(agentInstanceRow)
    .input(
      z.object({
        id,
        status: status.optional(),
        currentTaskId: id.nullish(),
        tokensUsed: z.number().int().min(0).max(1_000_000_000).optional(),
      }),
    )
    .mutation(async ({ ctx, input: { id, ...heartbeat } }) => {
      await requireTask(ctx, heartbeat.currentTaskId);
      const instance = await recordAgentHeartbeat(ctx.db, {
        workspaceId: ctx.workspaceId,
        id,
        heartbeat,
      });
      return (
        instance ??
        refuseUnlessLive(ctx, id, {
          action: "report a heartbeat",
          to: heartbeat.status ?? "alive",
        })
      );
    }),

  /** Counts one finished task of the instance as completed or failed. */
  recordTaskOutcome: writeProcedure
    .output(agentInstanceRow)
    .input(z.object({ id, outcome: z.enum(["completed", "failed"]) }))
    .mutation(async ({ ctx, input }) => {
      const instance = await recordAgentTaskOutcome(ctx.db, {
        workspaceId: ctx.workspaceId,
        ...input,
      });
      return (
        instance ??
        refuseUnlessLive(ctx, input.id, {
          action: `record a ${input.outcome} task`,
          to: "alive",
        })
      );
    }),

  /** Final: a terminated instance accepts no heartbeat, outcome or second termination. */
  terminate: writeProcedure
    .output(agentInstanceRow)
    .input(z.object({ id, reason: longText.trim().min(1) }))
    .mutation(async ({ ctx, input }) => {
      const instance = await terminateAgentInstance(ctx.db, {
        workspaceId: ctx.workspaceId,
        ...input,
      });
      return (
        instance ??
        refuseUnlessLive(ctx, input.id, { action: "be terminated twice", to: terminated })
      );
    }),

  get: readProcedure
    .output(agentInstanceRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getAgentInstance(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Agent instance",
        "id",
      ),
    ),

  list: readProcedure
    .output(pageOf(agentInstanceRow))
    .input(
      z.object({
        status: text().trim().min(1).max(100).optional(),
        type: z.enum(agentInstanceTypeValues).optional(),
        agentId: id.optional(),
        ...pageInput,
      }),
    )
    .query(async ({ ctx, input: { limit, cursor, ...filters } }) =>
      toPage(
        await listAgentInstances(ctx.db, {
          workspaceId: ctx.workspaceId,
          filters,
          page: { limit, after: cursor },
        }),
        limit,
      ),
    ),
});
