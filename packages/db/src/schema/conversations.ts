import { relations } from "drizzle-orm";
import { index, jsonb, text, unique, uuid, varchar } from "drizzle-orm/pg-core";
import { agentSchema } from "./agent-schema";
import {
  checkOneOf,
  createdAt,
  tenantColumns,
  tenantPrimaryKey,
  tenantReference,
  timestamps,
} from "./columns";
import { users, workspaceReference } from "./identity";
import { agentInvocations } from "./invocations";

export const conversations = agentSchema.table(
  "conversations",
  {
    ...tenantColumns,
    /** The person the conversation is with, when it is with one. */
    userId: uuid("user_id"),
    title: text("title"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    workspaceReference("conversations_workspace_fk", t.workspaceId),
    tenantReference("conversations_user_fk", t.workspaceId, t.userId, users, "cascade"),
    index("conversations_user_idx").on(t.workspaceId, t.userId),
  ],
);

export const messageRoleValues = ["user", "assistant", "system", "tool"] as const;
export type MessageRole = (typeof messageRoleValues)[number];

export const messageTypeValues = [
  "text",
  "agent_request",
  "agent_progress",
  "agent_result",
] as const;
export type MessageType = (typeof messageTypeValues)[number];

export const messages = agentSchema.table(
  "messages",
  {
    ...tenantColumns,
    conversationId: uuid("conversation_id").notNull(),
    role: text("role").$type<MessageRole>().notNull(),
    content: text("content").notNull(),
    messageType: varchar("message_type", { length: 32 })
      .$type<MessageType>()
      .notNull()
      .default("text"),
    /** An agent request's summary, actions and destructive flag; a progress update; a result. */
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    ...createdAt,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference(
      "messages_conversation_fk",
      t.workspaceId,
      t.conversationId,
      conversations,
      "cascade",
    ),
    index("messages_conversation_created_at_idx").on(t.workspaceId, t.conversationId, t.createdAt),
    checkOneOf("messages_role_check", "role", messageRoleValues),
    checkOneOf("messages_message_type_check", "message_type", messageTypeValues),
  ],
);

export const contextTypeValues = ["domain", "preference", "project", "technology"] as const;
export type ContextType = (typeof contextTypeValues)[number];

/** Cross-session memory of a conversation (seed 002): one value per key. */
export const conversationContext = agentSchema.table(
  "conversation_context",
  {
    ...tenantColumns,
    conversationId: uuid("conversation_id").notNull(),
    contextType: varchar("context_type", { length: 50 }).$type<ContextType>().notNull(),
    contextKey: varchar("context_key", { length: 255 }).notNull(),
    contextValue: jsonb("context_value").$type<unknown>().notNull(),
    ...timestamps,
  },
  (t) => [
    tenantPrimaryKey(t),
    tenantReference(
      "conversation_context_conversation_fk",
      t.workspaceId,
      t.conversationId,
      conversations,
      "cascade",
    ),
    unique("conversation_context_conversation_key_unique").on(
      t.workspaceId,
      t.conversationId,
      t.contextKey,
    ),
    checkOneOf("conversation_context_type_check", "context_type", contextTypeValues),
  ],
);

export const conversationsRelations = relations(conversations, ({ one, many }) => ({
  user: one(users, {
    fields: [conversations.workspaceId, conversations.userId],
    references: [users.workspaceId, users.id],
  }),
  messages: many(messages),
  context: many(conversationContext),
  invocations: many(agentInvocations),
}));

export const messagesRelations = relations(messages, ({ one }) => ({
  conversation: one(conversations, {
    fields: [messages.workspaceId, messages.conversationId],
    references: [conversations.workspaceId, conversations.id],
  }),
}));

export const conversationContextRelations = relations(conversationContext, ({ one }) => ({
  conversation: one(conversations, {
    fields: [conversationContext.workspaceId, conversationContext.conversationId],
    references: [conversations.workspaceId, conversations.id],
  }),
}));
