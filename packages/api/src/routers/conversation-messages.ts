import {
  addMessage,
  getConversation,
  listMessages,
  type MessageType,
  messageRoleValues,
  messageTypeValues,
} from "@steward/db";
import { z } from "zod";
import type { ApiContext } from "../context";
import { messageRow } from "../contracts/conversations";
import { pageOf } from "../contracts/page";
import { found } from "../errors";
import { id, json, jsonObject, longText, shortText, text } from "../inputs";
import { pageInput, toPage } from "../pagination";
import { readProcedure, writeProcedure } from "../trpc";

/**
 * What `metadata` holds for each message type (seed 002). Agent messages must carry theirs;
 * extra keys are kept, so a client may add detail such as tool calls.
 */
const messageMetadataSchemas = {
  /** Free form: any object, or none. */
  text: jsonObject.nullish(),
  /** A request for confirmation: what the agent will do, and whether it can be undone. */
  agent_request: z.looseObject({
    summary: text().trim().min(1).max(1_000),
    actions: z.array(z.union([shortText, jsonObject])).max(100),
    destructive: z.boolean(),
  }),
  /** A progress update: a fraction done in [0, 1], a status word, or both; and a line to show. */
  agent_progress: z
    .looseObject({
      progress: z.number().min(0).max(1).optional(),
      status: text().trim().min(1).max(100).optional(),
      message: shortText.optional(),
    })
    .refine((value) => value.progress !== undefined || value.status !== undefined, {
      path: ["progress"],
      message: "give progress (0 to 1), status, or both",
    }),
  /** The outcome of a request: whether it succeeded, its result, or its error. */
  agent_result: z.looseObject({
    success: z.boolean(),
    result: json.optional(),
    error: longText.optional(),
  }),
} satisfies Record<MessageType, z.ZodType>;

const newMessage = z
  .object({
    conversationId: id,
    role: z.enum(messageRoleValues),
    content: longText,
    messageType: z.enum(messageTypeValues).default("text"),
    // Bounded here, checked against its type below.
    metadata: jsonObject.nullish(),
  })
  .superRefine((message, ctx) => {
    // Refinements may run beside field errors; an unknown type is already reported on messageType.
    if (!Object.hasOwn(messageMetadataSchemas, message.messageType)) return;
    const checked = messageMetadataSchemas[message.messageType].safeParse(message.metadata);
    for (const issue of checked.error?.issues ?? []) {
      ctx.addIssue({
        code: "custom",
        path: ["metadata", ...issue.path.map(String)],
        message: `${message.messageType}: ${issue.message}`,
      });
    }
  });

/** The conversation named by `conversationId`, or NOT_FOUND naming that field. */
export async function requireConversation(
  ctx: Pick<ApiContext, "db"> & { workspaceId: string },
  conversationId: string,
) {
  return found(
    await getConversation(ctx.db, { workspaceId: ctx.workspaceId, id: conversationId }),
    "Conversation",
    "conversationId",
  );
}

export const conversationMessageProcedures = {
  addMessage: writeProcedure
    .output(messageRow)
    .input(newMessage)
    .mutation(async ({ ctx, input }) => {
      await requireConversation(ctx, input.conversationId);
      return found(await addMessage(ctx.db, { ...input, workspaceId: ctx.workspaceId }), "Message");
    }),

  /** In the order they were said: oldest first. */
  listMessages: readProcedure
    .output(pageOf(messageRow))
    .input(z.object({ conversationId: id, ...pageInput }))
    .query(async ({ ctx, input: { conversationId, limit, cursor } }) => {
      await requireConversation(ctx, conversationId);
      return toPage(
        await listMessages(ctx.db, {
          workspaceId: ctx.workspaceId,
          conversationId,
          page: { limit, after: cursor },
        }),
        limit,
      );
    }),
};
