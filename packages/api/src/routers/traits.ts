import { createTrait, deleteTrait, getTrait, listTraits, updateTrait } from "@steward/db";
import { z } from "zod";
import { traitRow } from "../contracts/agents";
import { pageOf } from "../contracts/page";
import { found } from "../errors";
import { id, longText, name, updateInput } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";

const traitFields = { name, description: longText.nullish(), prompt: longText.nullish() };

export const traitsRouter = router({
  create: writeProcedure
    .output(traitRow)
    .input(z.object(traitFields))
    .mutation(async ({ ctx, input }) =>
      found(await createTrait(ctx.db, { ...input, workspaceId: ctx.workspaceId }), "Trait"),
    ),
  update: writeProcedure
    .output(traitRow)
    .input(updateInput(z.object(traitFields).partial().shape))
    .mutation(async ({ ctx, input: { id, ...changes } }) =>
      found(
        await updateTrait(ctx.db, { workspaceId: ctx.workspaceId, id, changes }),
        "Trait",
        "id",
      ),
    ),
  delete: writeProcedure
    .output(traitRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await deleteTrait(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Trait",
        "id",
      ),
    ),
  get: readProcedure
    .output(traitRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(await getTrait(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }), "Trait", "id"),
    ),
  list: readProcedure
    .output(pageOf(traitRow))
    .input(z.object(pageInput))
    .query(async ({ ctx, input: { limit, cursor } }) =>
      toPage(
        await listTraits(ctx.db, { workspaceId: ctx.workspaceId, page: { limit, after: cursor } }),
        limit,
      ),
    ),
});
