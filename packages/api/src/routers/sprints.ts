import {
  createSprint,
  getProject,
  getSprint,
  listSprints,
  type SprintStatus,
  sprintStatusValues,
  transitionSprint,
  updateSprint,
} from "@steward/db";
import { z } from "zod";
import type { ApiContext } from "../context";
import { pageOf } from "../contracts/page";
import { sprintRow } from "../contracts/planning";
import { found, invalidState } from "../errors";
import { id, longText, name, timestamp, updateInput } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";

const sprintFields = {
  name,
  goal: longText.nullish(),
  startsAt: timestamp.nullish(),
  endsAt: timestamp.nullish(),
};

const endsAfterStart = (dates: { startsAt?: Date | null; endsAt?: Date | null }) =>
  !dates.startsAt || !dates.endsAt || dates.endsAt >= dates.startsAt;
const endsAfterStartIssue = { message: "must not be before startsAt", path: ["endsAt"] };

/** The only ways a sprint's status moves: planned → active → completed, or cancelled early. */
const transitions = {
  start: { from: ["planned"], to: "active" },
  complete: { from: ["active"], to: "completed" },
  cancel: { from: ["planned", "active"], to: "cancelled" },
} as const satisfies Record<string, { from: readonly SprintStatus[]; to: SprintStatus }>;

async function moveSprint(
  ctx: Pick<ApiContext, "db"> & { workspaceId: string },
  sprintId: string,
  { from, to }: { from: readonly SprintStatus[]; to: SprintStatus },
) {
  const ref = { workspaceId: ctx.workspaceId, id: sprintId };
  const moved = await transitionSprint(ctx.db, { ...ref, from, to });
  if (moved) return moved;
  const sprint = found(await getSprint(ctx.db, ref), "Sprint", "id");
  throw invalidState(
    `Sprint cannot move from ${sprint.status} to ${to}: only a sprint that is ${from.join(" or ")} can`,
  );
}

export const sprintsRouter = router({
  create: writeProcedure
    .output(sprintRow)
    .input(z.object({ projectId: id, ...sprintFields }).refine(endsAfterStart, endsAfterStartIssue))
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getProject(ctx.db, { ...scope, id: input.projectId }), "Project", "projectId");
      return found(await createSprint(ctx.db, { ...scope, ...input }), "Sprint");
    }),

  /** Plans and dates only; the status moves through start, complete and cancel. */
  update: writeProcedure
    .output(sprintRow)
    .input(
      updateInput(z.object(sprintFields).partial().shape).refine(
        endsAfterStart,
        endsAfterStartIssue,
      ),
    )
    .mutation(async ({ ctx, input: { id, ...changes } }) =>
      found(
        await updateSprint(ctx.db, { workspaceId: ctx.workspaceId, id, changes }),
        "Sprint",
        "id",
      ),
    ),

  get: readProcedure
    .output(sprintRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getSprint(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Sprint",
        "id",
      ),
    ),

  list: readProcedure
    .output(pageOf(sprintRow))
    .input(z.object({ projectId: id, status: z.enum(sprintStatusValues).optional(), ...pageInput }))
    .query(async ({ ctx, input: { limit, cursor, projectId, status } }) => {
      const scope = { workspaceId: ctx.workspaceId };
      found(await getProject(ctx.db, { ...scope, id: projectId }), "Project", "projectId");
      return toPage(
        await listSprints(ctx.db, { ...scope, projectId, status, page: { limit, after: cursor } }),
        limit,
      );
    }),

  start: writeProcedure
    .output(sprintRow)
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => moveSprint(ctx, input.id, transitions.start)),

  complete: writeProcedure
    .output(sprintRow)
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => moveSprint(ctx, input.id, transitions.complete)),

  cancel: writeProcedure
    .output(sprintRow)
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => moveSprint(ctx, input.id, transitions.cancel)),
});
