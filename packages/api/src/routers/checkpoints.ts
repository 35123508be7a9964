import {
  type CheckpointOwner,
  getCheckpoint,
  getLatestCheckpoint,
  listCheckpoints,
  saveCheckpoint,
} from "@steward/db";
import { z } from "zod";
import type { ApiContext } from "../context";
import { pageOf } from "../contracts/page";
import { checkpointRow } from "../contracts/records";
import { found } from "../errors";
import { id, json, longText, name } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";
import { requireReferences } from "./require-references";

const gitCommit = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{7,64}$/i, "a git commit hash: 7 to 64 hexadecimal digits");

const ownerIds = { projectId: id.optional(), runId: id.optional() };
type OwnerIds = { projectId?: string | undefined; runId?: string | undefined };

/** Reads name exactly one owner: checkpoints are read per project or per run, never mixed. */
function requireOneOwner(owner: OwnerIds, ctx: z.RefinementCtx) {
  if (owner.projectId && owner.runId) {
    ctx.addIssue({ code: "custom", path: ["runId"], message: "give projectId or runId, not both" });
  } else if (!owner.projectId && !owner.runId) {
    ctx.addIssue({ code: "custom", path: ["projectId"], message: "give projectId or runId" });
  }
}

/** Checks the owner exists in the caller's workspace and answers it in the query's terms. */
async function resolveOwner(
  ctx: Pick<ApiContext, "db"> & { workspaceId: string },
  { projectId, runId }: OwnerIds,
): Promise<CheckpointOwner> {
  if (projectId) {
    await requireReferences(ctx.db, ctx.workspaceId, [
      { field: "projectId", kind: "project", id: projectId },
    ]);
    return { projectId };
  }
  await requireReferences(ctx.db, ctx.workspaceId, [{ field: "runId", kind: "run", id: runId }]);
  return { runId: runId as string };
}

export const checkpointsRouter = router({
  /** A checkpoint belongs to a project, a run, or both. */
  save: writeProcedure
    .output(checkpointRow)
    .input(
      z
        .object({
          ...ownerIds,
          name,
          reason: longText.nullish(),
          state: json.refine((value) => value !== null, "required: the state to resume from"),
          gitCommit: gitCommit.nullish(),
        })
        .refine((input) => input.projectId || input.runId, {
          path: ["projectId"],
          message: "give projectId, runId or both",
        }),
    )
    .mutation(async ({ ctx, input }) => {
      await requireReferences(ctx.db, ctx.workspaceId, [
        { field: "projectId", kind: "project", id: input.projectId },
        { field: "runId", kind: "run", id: input.runId },
      ]);
      return found(
        await saveCheckpoint(ctx.db, { ...input, workspaceId: ctx.workspaceId }),
        "Checkpoint",
      );
    }),

  /** The checkpoint work resumes from: the newest of a project or run, or null when none. */
  latest: readProcedure
    .output(checkpointRow.nullable())
    .input(z.object(ownerIds).superRefine(requireOneOwner))
    .query(async ({ ctx, input }) => {
      const owner = await resolveOwner(ctx, input);
      return (await getLatestCheckpoint(ctx.db, { workspaceId: ctx.workspaceId, owner })) ?? null;
    }),

  list: readProcedure
    .output(pageOf(checkpointRow))
    .input(z.object({ ...ownerIds, ...pageInput }).superRefine(requireOneOwner))
    .query(async ({ ctx, input: { limit, cursor, ...ids } }) => {
      const owner = await resolveOwner(ctx, ids);
      return toPage(
        await listCheckpoints(ctx.db, {
          workspaceId: ctx.workspaceId,
          owner,
          page: { limit, after: cursor },
        }),
        limit,
      );
    }),

  get: readProcedure
    .output(checkpointRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getCheckpoint(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Checkpoint",
        "id",
      ),
    ),
});
