import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../database";
import { conversations, messages } from "../schema";
import { newestFirst, oldestFirst, type PageParams } from "./pagination";

type Scope = { workspaceId: string };
type ConversationRef = Scope & { id: string };

export type NewConversation = Omit<
  typeof conversations.$inferInsert,
  "id" | "createdAt" | "updatedAt"
>;
export type NewMessage = Omit<typeof messages.$inferInsert, "id" | "createdAt">;

export async function createConversation(db: Database, input: NewConversation) {
  const [conversation] = await db.insert(conversations).values(input).returning();
  return conversation;
}

export async function getConversation(db: Database, { workspaceId, id }: ConversationRef) {
  const [conversation] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
  return conversation;
}

export function listConversations(
  db: Database,
  { workspaceId, userId, page }: Scope & { userId?: string | undefined; page: PageParams },
) {
  const keyset = newestFirst(conversations.createdAt, conversations.id, page.after);
  return db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        userId ? eq(conversations.userId, userId) : undefined,
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}

/** Its messages and context go with it (they cascade). */
export async function deleteConversation(db: Database, { workspaceId, id }: ConversationRef) {
  const [conversation] = await db
    .delete(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)))
    .returning();
  return conversation;
}

export async function addMessage(db: Database, input: NewMessage) {
  const [message] = await db
    .insert(messages)
    // clock_timestamp, not now(): messages added in one transaction must keep their order.
    .values({ ...input, createdAt: sql`clock_timestamp()` })
    .returning();
  return message;
}

/** A conversation's messages in the order they were said: oldest first, by keyset. */
export function listMessages(
  db: Database,
  { workspaceId, conversationId, page }: Scope & { conversationId: string; page: PageParams },
) {
  // Messages within one millisecond (the cursor's precision) come in id order.
  const keyset = oldestFirst(messages.createdAt, messages.id, page.after);
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.conversationId, conversationId),
        keyset.where,
      ),
    )
    .orderBy(...keyset.orderBy)
    .limit(page.limit + 1);
}
