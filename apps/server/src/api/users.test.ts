import { createApiKey } from "@steward/db";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

describe("users", () => {
  const server = useTestServer();

  it("creates, reads and updates a user, storing the email in lower case", async () => {
    const { client, workspaceId } = await server.workspace();
    const user = await client.users.create.mutate({ email: "Ada@Example.com", name: "Ada" });
    expect(user).toMatchObject({ workspaceId, email: "ada@example.com", name: "Ada" });

    expect(await client.users.get.query({ id: user.id })).toEqual(user);
    const renamed = await client.users.update.mutate({ id: user.id, name: "Ada L." });
    expect(renamed).toMatchObject({ email: "ada@example.com", name: "Ada L." });
  });

  it("refuses a second user with the same email in a workspace, in any case", async () => {
    const { client } = await server.workspace();
    await client.users.create.mutate({ email: "ada@example.com" });
    const { data } = await expectTRPCError(
      client.users.create.mutate({ email: "ADA@example.com" }),
      "CONFLICT",
    );
    expect(data.field).toBe("email");

    const other = await client.users.create.mutate({ email: "grace@example.com" });
    await expectTRPCError(
      client.users.update.mutate({ id: other.id, email: "ada@example.com" }),
      "CONFLICT",
    );
  });

  it("lets two workspaces each have a user with the same email", async () => {
    const a = await server.workspace();
    const b = await server.workspace();
    await a.client.users.create.mutate({ email: "ada@example.com" });
    await expect(b.client.users.create.mutate({ email: "ada@example.com" })).resolves.toBeTruthy();
  });

  it("lists users newest first, page by page", async () => {
    const { client } = await server.workspace();
    for (const email of ["a@example.com", "b@example.com", "c@example.com"]) {
      await client.users.create.mutate({ email });
    }
    const all = (await client.users.list.query({})).items;
    expect(all.map((user) => user.email).sort()).toEqual([
      "a@example.com",
      "b@example.com",
      "c@example.com",
    ]);
    const times = all.map((user) => Date.parse(user.createdAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));

    const first = await client.users.list.query({ limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await client.users.list.query({ limit: 2, cursor: first.nextCursor ?? "" });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items]).toEqual(all);
  });

  it("answers NOT_FOUND for a user that does not exist", async () => {
    const { client } = await server.workspace();
    const missing = crypto.randomUUID();
    await expectTRPCError(client.users.get.query({ id: missing }), "NOT_FOUND");
    await expectTRPCError(client.users.update.mutate({ id: missing, name: "x" }), "NOT_FOUND");
    const { data } = await expectTRPCError(
      client.users.settings.query({ userId: missing }),
      "NOT_FOUND",
    );
    expect(data.field).toBe("userId");
  });

  it("rejects bad input with the fields at fault", async () => {
    const { client } = await server.workspace();
    await expectFieldErrors(client.users.create.mutate({ email: "not-an-email" }), ["email"]);
    await expectFieldErrors(
      // @ts-expect-error a missing email and a name of the wrong type
      client.users.create.mutate({ name: 42 }),
      ["email", "name"],
    );
    await expectFieldErrors(
      client.users.create.mutate({ email: "a@example.com", name: "x".repeat(201) }),
      ["name"],
    );
    await expectFieldErrors(client.users.get.query({ id: "nope" }), ["id"]);
    await expectFieldErrors(client.users.list.query({ limit: 0 }), ["limit"]);
    await expectFieldErrors(client.users.list.query({ cursor: "garbage" }), ["cursor"]);
  });

  it("answers the empty defaults for a user who never saved settings", async () => {
    const { client } = await server.workspace();
    const user = await client.users.create.mutate({ email: "ada@example.com" });
    expect(await client.users.settings.query({ userId: user.id })).toEqual({
      userId: user.id,
      defaultModel: null,
      preferences: {},
      updatedAt: null,
    });
  });

  it("saves settings on first update and changes only the fields given afterwards", async () => {
    const { client } = await server.workspace();
    const user = await client.users.create.mutate({ email: "ada@example.com" });
    const saved = await client.users.updateSettings.mutate({
      userId: user.id,
      defaultModel: "gpt-5",
      preferences: { theme: "dark" },
    });
    expect(saved).toMatchObject({ defaultModel: "gpt-5", preferences: { theme: "dark" } });

    await client.users.updateSettings.mutate({ userId: user.id, preferences: { editor: "vim" } });
    expect(await client.users.settings.query({ userId: user.id })).toMatchObject({
      defaultModel: "gpt-5",
      preferences: { editor: "vim" },
    });

    await client.users.updateSettings.mutate({ userId: user.id, defaultModel: null });
    expect(await client.users.settings.query({ userId: user.id })).toMatchObject({
      defaultModel: null,
      preferences: { editor: "vim" },
    });
  });

  it("makes the default model what an agent without a model runs on", async () => {
    const admin = await server.workspace();
    const user = await admin.client.users.create.mutate({ email: "ada@example.com" });
    await admin.client.users.updateSettings.mutate({ userId: user.id, defaultModel: "opus" });
    const { plainKey } = await createApiKey(server.db, {
      workspaceId: admin.workspaceId,
      name: "ada",
      scopes: ["write"],
      userId: user.id,
    });
    const ada = server.clientFor(plainKey);
    const agent = await ada.agents.create.mutate({
      name: "Coder",
      slug: "coder",
      type: "coder",
      mode: "implementation",
    });
    expect(await ada.agents.effectiveModel.query({ id: agent.id })).toEqual({
      model: "opus",
      source: "user",
    });
  });

  it("lets a key acting for a user change only that user's settings unless it is admin", async () => {
    const admin = await server.workspace();
    const ada = await admin.client.users.create.mutate({ email: "ada@example.com" });
    const grace = await admin.client.users.create.mutate({ email: "grace@example.com" });
    const { plainKey } = await createApiKey(server.db, {
      workspaceId: admin.workspaceId,
      name: "ada",
      scopes: ["write"],
      userId: ada.id,
    });
    const asAda = server.clientFor(plainKey);

    await expect(
      asAda.users.updateSettings.mutate({ userId: ada.id, defaultModel: "opus" }),
    ).resolves.toMatchObject({ defaultModel: "opus" });
    const { data } = await expectTRPCError(
      asAda.users.updateSettings.mutate({ userId: grace.id, defaultModel: "opus" }),
      "FORBIDDEN",
    );
    expect(data.field).toBe("userId");
    await expectTRPCError(asAda.users.create.mutate({ email: "eve@example.com" }), "FORBIDDEN");
  });

  it("rejects bad settings with the fields at fault", async () => {
    const { client } = await server.workspace();
    const user = await client.users.create.mutate({ email: "ada@example.com" });
    await expectFieldErrors(
      client.users.updateSettings.mutate({
        userId: user.id,
        defaultModel: "",
        // @ts-expect-error preferences must be an object
        preferences: ["dark"],
      }),
      ["defaultModel", "preferences"],
    );
  });
});
