import {
  contextTypeValues,
  createConversation,
  deleteConversation,
  getConversation,
  listConversations,
  retrieveContext,
  retrieveContextByType,
  storeContext,
} from "@steward/db";
import { z } from "zod";
import { conversationContextRow, conversationRow } from "../contracts/conversations";
import { pageOf } from "../contracts/page";
import { found } from "../errors";
import { id, json, jsonObject, name, text } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, router, writeProcedure } from "../trpc";
import { conversationMessageProcedures, requireConversation } from "./conversation-messages";
import { requireReferences } from "./require-references";

/** Seed 002's keys, such as `uses_kubernetes`; the column holds at most 255 characters. */
const contextKey = text().trim().min(1).max(255);

export const conversationsRouter = router({
  create: writeProcedure
    .output(conversationRow)
    .input(
      z.object({
        title: name.nullish(),
        /** The person the conversation is with, when it is with one. */
        userId: id.nullish(),
        metadata: jsonObject.nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await requireReferences(ctx.db, ctx.workspaceId, [
        { field: "userId", kind: "user", id: input.userId },
      ]);
      return found(
        await createConversation(ctx.db, { ...input, workspaceId: ctx.workspaceId }),
        "Conversation",
      );
    }),

  get: readProcedure
    .output(conversationRow)
    .input(z.object({ id }))
    .query(async ({ ctx, input }) =>
      found(
        await getConversation(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Conversation",
        "id",
      ),
    ),

  list: readProcedure
    .output(pageOf(conversationRow))
    .input(z.object({ userId: id.optional(), ...pageInput }))
    .query(async ({ ctx, input: { userId, limit, cursor } }) => {
      await requireReferences(ctx.db, ctx.workspaceId, [
        { field: "userId", kind: "user", id: userId },
      ]);
      return toPage(
        await listConversations(ctx.db, {
          workspaceId: ctx.workspaceId,
          userId,
          page: { limit, after: cursor },
        }),
        limit,
      );
    }),

  /** Removes its messages and context with it. */
  delete: writeProcedure
    .output(conversationRow)
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) =>
      found(
        await deleteConversation(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
        "Conversation",
        "id",
      ),
    ),

  ...conversationMessageProcedures,

  /** Seed 002: one value per key; storing a key again replaces its value and type. */
  storeContext: writeProcedure
    .output(conversationContextRow)
    .input(
      z.object({
        conversationId: id,
        contextType: z.enum(contextTypeValues),
        contextKey,
        contextValue: json.refine((value) => value !== null, "required: a value to remember"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await requireConversation(ctx, input.conversationId);
      return storeContext(ctx.db, { ...input, workspaceId: ctx.workspaceId });
    }),

  /** Most recently stored first. */
  retrieveContext: readProcedure
    .output(z.array(conversationContextRow))
    .input(z.object({ conversationId: id }))
    .query(async ({ ctx, input }) => {
      await requireConversation(ctx, input.conversationId);
      return retrieveContext(ctx.db, { ...input, workspaceId: ctx.workspaceId });
    }),

  retrieveContextByType: readProcedure
    .output(z.array(conversationContextRow))
    .input(z.object({ conversationId: id, contextType: z.enum(contextTypeValues) }))
    .query(async ({ ctx, input }) => {
      await requireConversation(ctx, input.conversationId);
      return retrieveContextByType(ctx.db, { ...input, workspaceId: ctx.workspaceId });
    }),
});
