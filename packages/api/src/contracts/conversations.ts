import {
  contextTypeValues,
  conversationContext,
  conversations,
  messageRoleValues,
  messages,
  messageTypeValues,
} from "@steward/db";
import { z } from "zod";
import { jsonObject } from "./json";
import { createdAt, publicRow, tenantKey, timestamps } from "./public-row";

export const conversationRow = publicRow(conversations, {
  ...tenantKey,
  userId: true,
  title: true,
  metadata: jsonObject,
  ...timestamps,
}).meta({ id: "Conversation" });

export const messageRow = publicRow(messages, {
  ...tenantKey,
  conversationId: true,
  role: z.enum(messageRoleValues),
  content: true,
  messageType: z.enum(messageTypeValues),
  metadata: jsonObject,
  ...createdAt,
}).meta({ id: "Message" });

export const conversationContextRow = publicRow(conversationContext, {
  ...tenantKey,
  conversationId: true,
  contextType: z.enum(contextTypeValues),
  contextKey: true,
  contextValue: true,
  ...timestamps,
}).meta({ id: "ConversationContext" });
