import {
  endSession,
  getSession,
  listSessions,
  sessionStatusValues,
  sessionTypeValues,
  startSession,
  updateSessionData,
} from "@steward/db";
import { z } from "zod";
import type { ApiContext } from "../context";
import { pageOf } from "../contracts/page";
import { sessionRow } from "../contracts/records";
import { found, invalidState } from "../errors";
import { id, json } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";
import { requireReferences } from "./require-references";

const isPlainObject = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Tells apart why an update of an active session matched nothing: no such session here
 * (NOT_FOUND), or it is no longer active (INVALID_STATE).
 */
async function refuseInactive(
  ctx: Pick<ApiContext, "db"> & { workspaceId: string },
  sessionId: string,
  change: { to: string; why: string },
): Promise<never> {
  const session = found(
    await getSession(ctx.db, { workspaceId: ctx.workspaceId, id: sessionId }),
    "Session",
    "id",
  );
  throw invalidState(
    `Session cannot go from ${session.status} to ${change.to}: ${change.why}`,
    "id",
  );
}

export const sessionsRouter = router({
  start: writeProcedure
    .output(sessionRow)
    .input(
      z.object({
        projectId: id,
        type: z.enum(sessionTypeValues),
        data: json.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await requireReferences(ctx.db, ctx.workspaceId, [
        { field: "projectId", kind: "project", id: input.projectId },
      ]);
      return found(
        await startSession(ctx.db, { ...input, workspaceId: ctx.workspaceId }),
        "Session",
      );
    }),

  /**
   * `replace` (the default) stores `data` as given; `merge` adds data's top-level keys to the
   * stored object, replacing keys it already has (a shallow merge). Only while active.
   */
  updateData: writeProcedure
    .output(sessionRow)
    .input(
      z
        .object({ id, data: json, mode: z.enum(["replace", "merge"]).default("replace") })
        .refine((input) => input.mode === "replace" || isPlainObject(input.data), {
          path: ["data"],
          message: "merge takes an object of the keys to set",
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const session = await updateSessionData(ctx.db, { ...input, workspaceId: ctx.workspaceId });
      return (
        session ??
        refuseInactive(ctx, input.id, {
          to: "active with new data",
          why: "an ended session is a record and keeps its data",
        })
      );
    }),

  /** active → ended, once. */
  end: writeProcedure
    .output(sessionRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const session = await endSession(ctx.db, { workspaceId: ctx.workspaceId, id: input.id });
      return (
        session ??
        refuseInactive(ctx, input.id, { to: "ended", why: "only an active session can end" })
      );
    }),

  get: readProcedure
    .output(sessionRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getSession(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Session",
        "id",
      ),
    ),

  list: readProcedure
    .output(pageOf(sessionRow))
    .input(
      z.object({ projectId: id, status: z.enum(sessionStatusValues).optional(), ...pageInput }),
    )
    .query(async ({ ctx, input: { limit, cursor, ...filters } }) => {
      await requireReferences(ctx.db, ctx.workspaceId, [
        { field: "projectId", kind: "project", id: filters.projectId },
      ]);
      return toPage(
        await listSessions(ctx.db, {
          workspaceId: ctx.workspaceId,
          ...filters,
          page: { limit, after: cursor },
        }),
        limit,
      );
    }),
});
