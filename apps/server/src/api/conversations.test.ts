import { randomUUID } from "node:crypto";
import { conversationContext, messages } from "@steward/db";
import { insertOneRowInEveryTable } from "@steward/db/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

const agentRequest = {
  summary: "Delete the staging cluster",
  actions: ["kubectl delete ns staging", { tool: "notify", channel: "#ops" }],
  destructive: true,
};

describe("conversations router", () => {
  const server = useTestServer();

  async function workspaceWithRows() {
    const workspace = await server.workspace();
    return { ...workspace, ids: await insertOneRowInEveryTable(server.db, workspace.workspaceId) };
  }

  it("creates, gets, lists by user and by pages, and deletes conversations", async () => {
    const { client, ids } = await workspaceWithRows();
    const withUser = await client.conversations.create.mutate({
      title: "Kubernetes help",
      userId: ids.user,
      metadata: { channel: "web" },
    });
    expect(withUser).toMatchObject({
      title: "Kubernetes help",
      userId: ids.user,
      metadata: { channel: "web" },
    });
    expect(await client.conversations.get.query({ id: withUser.id })).toEqual(withUser);
    const anonymous = await client.conversations.create.mutate({});
    expect(anonymous).toMatchObject({ title: null, userId: null, metadata: null });

    const ofUser = await client.conversations.list.query({ userId: ids.user });
    expect(ofUser.items.map((c) => c.id)).toEqual([withUser.id, ids.conversation]);
    const first = await client.conversations.list.query({ limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual([anonymous.id, withUser.id]);
    const second = await client.conversations.list.query({
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    expect(second.items.map((c) => c.id)).toEqual([ids.conversation]);

    expect(await client.conversations.delete.mutate({ id: withUser.id })).toEqual(withUser);
    await expectTRPCError(client.conversations.get.query({ id: withUser.id }), "NOT_FOUND");
    await expectTRPCError(client.conversations.delete.mutate({ id: withUser.id }), "NOT_FOUND");
  });

  it("adds messages of every type with their metadata, and lists them oldest first", async () => {
    const { client } = await workspaceWithRows();
    const { id: conversationId } = await client.conversations.create.mutate({ title: "Ops" });
    const said = [
      await client.conversations.addMessage.mutate({
        conversationId,
        role: "user",
        content: "Tear down staging",
      }),
      await client.conversations.addMessage.mutate({
        conversationId,
        role: "assistant",
        content: "This will delete staging. Proceed?",
        messageType: "agent_request",
        metadata: agentRequest,
      }),
      await client.conversations.addMessage.mutate({
        conversationId,
        role: "assistant",
        content: "Deleting…",
        messageType: "agent_progress",
        metadata: { progress: 0.5, status: "deleting", message: "2 of 4 deployments" },
      }),
      await client.conversations.addMessage.mutate({
        conversationId,
        role: "tool",
        content: "Done",
        messageType: "agent_result",
        metadata: { success: true, result: { deleted: 4 } },
      }),
      await client.conversations.addMessage.mutate({
        conversationId,
        role: "system",
        content: "",
        metadata: { note: "any object goes with text" },
      }),
    ];
    expect(said[0]).toMatchObject({ messageType: "text", metadata: null });
    expect(said[1]).toMatchObject({ messageType: "agent_request", metadata: agentRequest });

    const first = await client.conversations.listMessages.query({ conversationId, limit: 3 });
    expect(first.items.map((m) => m.id)).toEqual(said.slice(0, 3).map((m) => m.id));
    const rest = await client.conversations.listMessages.query({
      conversationId,
      limit: 3,
      cursor: first.nextCursor ?? "",
    });
    expect(rest.items.map((m) => m.id)).toEqual(said.slice(3).map((m) => m.id));
    expect(rest.nextCursor).toBeNull();
  });

  it("refuses metadata that does not fit the message type, naming the field inside it", async () => {
    const { client, ids } = await workspaceWithRows();
    const base = { conversationId: ids.conversation, role: "assistant" as const, content: "x" };
    const add = (messageType: string, metadata: unknown) =>
      client.conversations.addMessage.mutate({ ...base, messageType, metadata } as never);
    await expectFieldErrors(add("agent_request", { summary: "s", actions: [] }), [
      "metadata.destructive",
    ]);
    await expectFieldErrors(add("agent_request", { ...agentRequest, actions: [1] }), [
      "metadata.actions.0",
    ]);
    await expectFieldErrors(add("agent_request", null), ["metadata"]);
    await expectFieldErrors(add("agent_progress", { progress: 1.5 }), ["metadata.progress"]);
    await expectFieldErrors(add("agent_progress", { message: "working" }), ["metadata.progress"]);
    await expectFieldErrors(add("agent_result", { result: 1 }), ["metadata.success"]);
    await expectFieldErrors(add("agent_result", { success: "yes", error: 5 }), [
      "metadata.success",
      "metadata.error",
    ]);
    await expectFieldErrors(add("text", ["not", "an", "object"]), ["metadata"]);
    await expectFieldErrors(add("poem", null), ["messageType"]);
    await expectFieldErrors(add("constructor", null), ["messageType"]);
    const stored = await server.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, ids.conversation));
    expect(stored).toHaveLength(1);
  });

  it("refuses other bad input with the fields at fault", async () => {
    const { client, ids } = await workspaceWithRows();
    await expectFieldErrors(
      client.conversations.addMessage.mutate({
        conversationId: "c1",
        role: "robot",
        content: 42,
      } as never),
      ["conversationId", "role", "content"],
    );
    await expectFieldErrors(
      client.conversations.create.mutate({
        title: "t".repeat(201),
        userId: "u1",
        metadata: 3,
      } as never),
      ["title", "userId", "metadata"],
    );
    await expectFieldErrors(client.conversations.get.query({ id: "x" }), ["id"]);
    await expectFieldErrors(client.conversations.delete.mutate({} as never), ["id"]);
    await expectFieldErrors(client.conversations.list.query({ limit: -1 }), ["limit"]);
    await expectFieldErrors(
      client.conversations.listMessages.query({ conversationId: ids.conversation, cursor: "zz" }),
      ["cursor"],
    );
  });

  it("answers NOT_FOUND naming the field for a user or conversation it does not have", async () => {
    const { client } = await workspaceWithRows();
    const missing = randomUUID();
    const create = await expectTRPCError(
      client.conversations.create.mutate({ userId: missing }),
      "NOT_FOUND",
    );
    expect(create.data.field).toBe("userId");
    const list = await expectTRPCError(
      client.conversations.list.query({ userId: missing }),
      "NOT_FOUND",
    );
    expect(list.data.field).toBe("userId");
    for (const call of [
      () =>
        client.conversations.addMessage.mutate({
          conversationId: missing,
          role: "user",
          content: "x",
        }),
      () => client.conversations.listMessages.query({ conversationId: missing }),
      () =>
        client.conversations.storeContext.mutate({
          conversationId: missing,
          contextType: "domain",
          contextKey: "k",
          contextValue: 1,
        }),
      () => client.conversations.retrieveContext.query({ conversationId: missing }),
      () =>
        client.conversations.retrieveContextByType.query({
          conversationId: missing,
          contextType: "domain",
        }),
    ]) {
      expect((await expectTRPCError(call(), "NOT_FOUND")).data.field).toBe("conversationId");
    }
  });

  it("remembers context per key, newest first, by type, and forgets it with the conversation", async () => {
    const { client, ids } = await workspaceWithRows();
    const conversationId = ids.conversation;
    const store = (
      contextType: "domain" | "preference" | "technology",
      contextKey: string,
      contextValue: unknown,
    ) =>
      client.conversations.storeContext.mutate({
        conversationId,
        contextType,
        contextKey,
        contextValue,
      });
    await store("domain", "uses_kubernetes", true);
    await store("preference", "tone", "brief");
    const replaced = await store("technology", "uses_kubernetes", { version: "1.30" });
    expect(replaced).toMatchObject({
      contextType: "technology",
      contextValue: { version: "1.30" },
    });

    const all = await client.conversations.retrieveContext.query({ conversationId });
    expect(all.map((c) => c.contextKey)).toEqual(["uses_kubernetes", "tone", "prefers_typescript"]);
    const technology = await client.conversations.retrieveContextByType.query({
      conversationId,
      contextType: "technology",
    });
    expect(technology.map((c) => c.contextKey)).toEqual(["uses_kubernetes", "prefers_typescript"]);

    await client.conversations.delete.mutate({ id: conversationId });
    const left = await server.db
      .select()
      .from(conversationContext)
      .where(eq(conversationContext.conversationId, conversationId));
    expect(left).toEqual([]);
  });

  it("refuses bad context input with the fields at fault", async () => {
    const { client, ids } = await workspaceWithRows();
    await expectFieldErrors(
      client.conversations.storeContext.mutate({
        conversationId: ids.conversation,
        contextType: "mood",
        contextKey: "k".repeat(256),
      } as never),
      ["contextType", "contextKey", "contextValue"],
    );
    await expectFieldErrors(
      client.conversations.storeContext.mutate({
        conversationId: ids.conversation,
        contextType: "domain",
        contextKey: "",
        contextValue: null,
      }),
      ["contextKey", "contextValue"],
    );
    await expectFieldErrors(client.conversations.retrieveContext.query({} as never), [
      "conversationId",
    ]);
    await expectFieldErrors(
      client.conversations.retrieveContextByType.query({
        conversationId: ids.conversation,
        contextType: "mood",
      } as never),
      ["contextType"],
    );
  });
});
