import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../database";
import { type ContextType, conversationContext } from "../schema";

type ConversationRef = { workspaceId: string; conversationId: string };

export type StoreContextInput = ConversationRef & {
  contextType: ContextType;
  contextKey: string;
  contextValue: unknown;
};

// clock_timestamp, not now(): two stores in one transaction must still order newest first.
const currentTime = sql`clock_timestamp()`;

/** Seed 002: one value per (conversation, key); storing again replaces it and moves it to the front. */
export async function storeContext(db: Database, input: StoreContextInput) {
  const [stored] = await db
    .insert(conversationContext)
    .values({ ...input, createdAt: currentTime, updatedAt: currentTime })
    .onConflictDoUpdate({
      target: [
        conversationContext.workspaceId,
        conversationContext.conversationId,
        conversationContext.contextKey,
      ],
      set: {
        contextType: input.contextType,
        contextValue: input.contextValue,
        updatedAt: currentTime,
      },
    })
    .returning();
  if (!stored) throw new Error("storeContext: the upsert returned no row");
  return stored;
}

/** A conversation's context, most recently stored first. */
export function retrieveContext(db: Database, ref: ConversationRef) {
  return selectContext(db, ref);
}

export function retrieveContextByType(
  db: Database,
  { contextType, ...ref }: ConversationRef & { contextType: ContextType },
) {
  return selectContext(db, ref, eq(conversationContext.contextType, contextType));
}

function selectContext(
  db: Database,
  { workspaceId, conversationId }: ConversationRef,
  extraFilter?: SQL,
) {
  return db
    .select()
    .from(conversationContext)
    .where(
      and(
        eq(conversationContext.workspaceId, workspaceId),
        eq(conversationContext.conversationId, conversationId),
        extraFilter,
      ),
    )
    .orderBy(desc(conversationContext.updatedAt), desc(conversationContext.id));
}
