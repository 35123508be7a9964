import { describe, expect, it } from "vitest";
import { pgErrorCodes } from "../database-error";
import { conversationContext, conversations } from "../schema";
import { createTestWorkspace, expectDatabaseError, useTestDatabase } from "../testing";
import { retrieveContext, retrieveContextByType, storeContext } from "./conversation-context";

describe("conversation context memory (seed 002)", () => {
  const database = useTestDatabase();

  async function newConversation() {
    const db = database.current.db;
    const { id: workspaceId } = await createTestWorkspace(db);
    const [conversation] = await db.insert(conversations).values({ workspaceId }).returning();
    if (!conversation) throw new Error("no conversation");
    return { workspaceId, conversationId: conversation.id };
  }

  it("keeps (conversation_id, context_key) unique in the database", async () => {
    const db = database.current.db;
    const ref = await newConversation();
    const row = { ...ref, contextType: "domain" as const, contextKey: "uses_kubernetes" };
    await db.insert(conversationContext).values({ ...row, contextValue: true });
    await expectDatabaseError(
      db.insert(conversationContext).values({ ...row, contextValue: false }),
      pgErrorCodes.uniqueViolation,
      "conversation_context_conversation_key_unique",
    );
  });

  it("storeContext upserts on the key and moves it to the front of retrieveContext", async () => {
    const db = database.current.db;
    const ref = await newConversation();
    const first = await storeContext(db, {
      ...ref,
      contextType: "technology",
      contextKey: "prefers_typescript",
      contextValue: { confidence: 0.6 },
    });
    await storeContext(db, {
      ...ref,
      contextType: "domain",
      contextKey: "uses_kubernetes",
      contextValue: true,
    });
    expect((await retrieveContext(db, ref)).map((row) => row.contextKey)).toEqual([
      "uses_kubernetes",
      "prefers_typescript",
    ]);

    const updated = await storeContext(db, {
      ...ref,
      contextType: "preference",
      contextKey: "prefers_typescript",
      contextValue: { confidence: 0.9 },
    });
    expect(updated.id).toBe(first.id);
    expect(updated.createdAt).toEqual(first.createdAt);
    expect(updated.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());

    const all = await retrieveContext(db, ref);
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({
      contextKey: "prefers_typescript",
      contextType: "preference",
      contextValue: { confidence: 0.9 },
    });
  });

  it("orders stores made inside one transaction newest first too", async () => {
    const ref = await newConversation();
    await database.current.transaction(async (tx) => {
      for (const key of ["a", "b", "c"]) {
        await storeContext(tx, {
          ...ref,
          contextType: "project",
          contextKey: key,
          contextValue: key,
        });
      }
    });
    const keys = (await retrieveContext(database.current.db, ref)).map((row) => row.contextKey);
    expect(keys).toEqual(["c", "b", "a"]);
  });

  it("retrieveContextByType returns only that type, newest first", async () => {
    const db = database.current.db;
    const ref = await newConversation();
    await storeContext(db, { ...ref, contextType: "domain", contextKey: "k8s", contextValue: 1 });
    await storeContext(db, {
      ...ref,
      contextType: "preference",
      contextKey: "tabs",
      contextValue: 2,
    });
    await storeContext(db, { ...ref, contextType: "domain", contextKey: "aws", contextValue: 3 });
    const domain = await retrieveContextByType(db, { ...ref, contextType: "domain" });
    expect(domain.map((row) => row.contextKey)).toEqual(["aws", "k8s"]);
    expect(await retrieveContextByType(db, { ...ref, contextType: "technology" })).toEqual([]);
  });

  it("never reads another workspace's or conversation's context", async () => {
    const db = database.current.db;
    const mine = await newConversation();
    const theirs = await newConversation();
    await storeContext(db, { ...theirs, contextType: "domain", contextKey: "x", contextValue: 1 });
    expect(await retrieveContext(db, mine)).toEqual([]);
    // Their conversation id with my workspace id finds nothing.
    expect(
      await retrieveContext(db, {
        workspaceId: mine.workspaceId,
        conversationId: theirs.conversationId,
      }),
    ).toEqual([]);
    // Storing under my workspace into their conversation is refused by the foreign key.
    await expectDatabaseError(
      storeContext(db, {
        workspaceId: mine.workspaceId,
        conversationId: theirs.conversationId,
        contextType: "domain",
        contextKey: "y",
        contextValue: 1,
      }),
      pgErrorCodes.foreignKeyViolation,
    );
  });
});
