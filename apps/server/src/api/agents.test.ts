import { createApiKey, createWorkspace, userSettings, users } from "@steward/db";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

const engineer = {
  name: "Backend engineer",
  slug: "backend",
  type: "backend-engineer",
  mode: "implementation",
};

describe("agents router", () => {
  const server = useTestServer();

  it("creates an agent with seed 000's defaults and finds it by id and by slug", async () => {
    const { client } = await server.workspace();
    const agent = await client.agents.create.mutate(engineer);
    expect(agent).toMatchObject({ ...engineer, capability: "none", model: null, status: "active" });
    expect(agent.createdAt).toMatch(isoTimestamp);
    expect(await client.agents.get.query({ id: agent.id })).toEqual(agent);
    expect(await client.agents.get.query({ slug: "backend" })).toEqual(agent);
  });

  it("updates, archives, and lists with filters and a cursor", async () => {
    const { client } = await server.workspace();
    const a = await client.agents.create.mutate({ ...engineer, slug: "a", capability: "search" });
    const b = await client.agents.create.mutate({ ...engineer, slug: "b", type: "reviewer" });
    const c = await client.agents.create.mutate({ ...engineer, slug: "c", capability: "fetch" });
    const updated = await client.agents.update.mutate({
      id: a.id,
      model: "claude-opus",
      mode: "review",
    });
    expect(updated).toMatchObject({ model: "claude-opus", mode: "review", slug: "a" });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(a.updatedAt));
    await client.agents.archive.mutate({ id: c.id });

    const active = await client.agents.list.query({ status: "active" });
    expect(active.items.map((agent) => agent.slug).sort()).toEqual(["a", "b"]);
    expect((await client.agents.list.query({ type: "reviewer" })).items.map((x) => x.id)).toEqual([
      b.id,
    ]);
    expect(
      (await client.agents.list.query({ capability: "search" })).items.map((x) => x.id),
    ).toEqual([a.id]);

    const first = await client.agents.list.query({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTypeOf("string");
    const second = await client.agents.list.query({ limit: 2, cursor: first.nextCursor ?? "" });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const seen = [...first.items, ...second.items].map((agent) => agent.id).sort();
    expect(seen).toEqual([a.id, b.id, c.id].sort());
  });

  it("refuses a second agent with the same slug as CONFLICT", async () => {
    const { client } = await server.workspace();
    await client.agents.create.mutate(engineer);
    await expectTRPCError(client.agents.create.mutate(engineer), "CONFLICT");
  });

  it("assigns and removes traits, idempotently, and lists them", async () => {
    const { client } = await server.workspace();
    const agent = await client.agents.create.mutate(engineer);
    const careful = await client.traits.create.mutate({ name: "careful", prompt: "Check twice" });
    const first = await client.agents.assignTrait.mutate({
      agentId: agent.id,
      traitId: careful.id,
    });
    const again = await client.agents.assignTrait.mutate({
      agentId: agent.id,
      traitId: careful.id,
    });
    expect(again.assignedAt).toEqual(first.assignedAt);
    expect(
      (await client.agents.traits.query({ agentId: agent.id })).map((t) => t.trait.name),
    ).toEqual(["careful"]);
    expect(
      await client.agents.removeTrait.mutate({ agentId: agent.id, traitId: careful.id }),
    ).toEqual({
      removed: true,
    });
    await expectTRPCError(
      client.agents.removeTrait.mutate({ agentId: agent.id, traitId: careful.id }),
      "NOT_FOUND",
    );
    expect(await client.agents.traits.query({ agentId: agent.id })).toEqual([]);
  });

  it("sets, replaces and removes capabilities", async () => {
    const { client } = await server.workspace();
    const agent = await client.agents.create.mutate(engineer);
    await client.agents.setCapability.mutate({ agentId: agent.id, name: "sql", proficiency: 3 });
    await client.agents.setCapability.mutate({ agentId: agent.id, name: "sql", proficiency: 5 });
    await client.agents.setCapability.mutate({ agentId: agent.id, name: "go" });
    const capabilities = await client.agents.capabilities.query({ agentId: agent.id });
    expect(capabilities.map((c) => [c.name, c.proficiency])).toEqual([
      ["go", null],
      ["sql", 5],
    ]);
    await client.agents.removeCapability.mutate({ agentId: agent.id, name: "go" });
    expect(await client.agents.capabilities.query({ agentId: agent.id })).toHaveLength(1);
  });

  it("resolves the effective model: the agent's own, else the calling user's default (seed 000)", async () => {
    const workspace = await createWorkspace(server.db, { name: "Models" });
    const [user] = await server.db
      .insert(users)
      .values({ workspaceId: workspace.id, email: "ada@example.com" })
      .returning();
    if (!user) throw new Error("no user");
    await server.db
      .insert(userSettings)
      .values({ workspaceId: workspace.id, userId: user.id, defaultModel: "user-default-model" });
    const asUser = server.clientFor(
      (
        await createApiKey(server.db, {
          workspaceId: workspace.id,
          name: "ada",
          scopes: ["write"],
          userId: user.id,
        })
      ).plainKey,
    );
    const asService = server.clientFor(
      (await createApiKey(server.db, { workspaceId: workspace.id, name: "svc", scopes: ["read"] }))
        .plainKey,
    );
    const inherits = await asUser.agents.create.mutate(engineer);
    const pinned = await asUser.agents.create.mutate({
      ...engineer,
      slug: "pinned",
      model: "pinned-model",
    });

    expect(await asUser.agents.effectiveModel.query({ id: inherits.id })).toEqual({
      model: "user-default-model",
      source: "user",
    });
    expect(await asUser.agents.effectiveModel.query({ id: pinned.id })).toEqual({
      model: "pinned-model",
      source: "agent",
    });
    expect(await asService.agents.effectiveModel.query({ id: inherits.id })).toEqual({
      model: null,
      source: "none",
    });
  });

  it("answers bad input with BAD_REQUEST naming each wrong field", async () => {
    const { client } = await server.workspace();
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = client as any;
    await expectFieldErrors(untyped.agents.create.mutate({ ...engineer, name: 42 }), ["name"]);
    await expectFieldErrors(untyped.agents.create.mutate({ slug: "x", type: "t", mode: "m" }), [
      "name",
    ]);
    await expectFieldErrors(client.agents.create.mutate({ ...engineer, name: "x".repeat(201) }), [
      "name",
    ]);
    await expectFieldErrors(untyped.agents.create.mutate({ ...engineer, capability: "browse" }), [
      "capability",
    ]);
    await expectFieldErrors(client.agents.create.mutate({ ...engineer, slug: "Not A Slug" }), [
      "slug",
    ]);
    await expectFieldErrors(untyped.agents.update.mutate({ id: "nope", status: "gone" }), [
      "id",
      "status",
    ]);
    await expectFieldErrors(untyped.agents.list.query({ limit: 1000 }), ["limit"]);
    await expectFieldErrors(client.agents.list.query({ cursor: "garbage" }), ["cursor"]);
    await expectFieldErrors(untyped.agents.assignTrait.mutate({ agentId: "x" }), [
      "agentId",
      "traitId",
    ]);
    await expectFieldErrors(
      untyped.agents.setCapability.mutate({
        agentId: crypto.randomUUID(),
        name: "x",
        proficiency: 9,
      }),
      ["proficiency"],
    );
    await expectFieldErrors(untyped.traits.create.mutate({}), ["name"]);
    const agent = await client.agents.create.mutate(engineer);
    const { message } = await expectTRPCError(
      client.agents.update.mutate({ id: agent.id }),
      "BAD_REQUEST",
    );
    expect(message).toMatch(/give at least one field to change \(name, slug, type/);
  });

  it("answers NOT_FOUND for ids that do not exist", async () => {
    const { client } = await server.workspace();
    const missing = crypto.randomUUID();
    await expectTRPCError(client.agents.get.query({ id: missing }), "NOT_FOUND");
    await expectTRPCError(client.agents.get.query({ slug: "nobody" }), "NOT_FOUND");
    await expectTRPCError(client.agents.update.mutate({ id: missing, name: "x" }), "NOT_FOUND");
    const agent = await client.agents.create.mutate(engineer);
    const { data } = await expectTRPCError(
      client.agents.assignTrait.mutate({ agentId: agent.id, traitId: missing }),
      "NOT_FOUND",
    );
    expect(data.field).toBe("traitId");
  });
});
