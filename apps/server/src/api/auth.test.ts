import { apiKeys, createApiKey, revokeApiKey } from "@steward/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectTRPCError, useTestServer } from "../testing";

describe("API keys at the door", () => {
  const server = useTestServer();

  async function postRaw(path: string, headers: Record<string, string>, body = "{}") {
    return server.app.request(`/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  }

  it("refuses a call without a key, with a malformed one, or with an unknown one", async () => {
    expect((await server.app.request("/trpc/agents.list?input={}")).status).toBe(401);
    const malformed = await server.app.request("/trpc/agents.list", {
      headers: { authorization: "Basic abc" },
    });
    expect(malformed.status).toBe(401);
    const unknown = server.clientFor("stw_not-a-real-key");
    const { message } = await expectTRPCError(unknown.agents.list.query({}), "UNAUTHORIZED");
    expect(message).toMatch(/unknown, revoked or expired/i);
  });

  it("refuses a revoked key and an expired key", async () => {
    const { client, workspaceId, key } = await server.workspace();
    await client.agents.list.query({});
    await revokeApiKey(server.db, { workspaceId, id: key.id });
    await expectTRPCError(client.agents.list.query({}), "UNAUTHORIZED");

    const { plainKey } = await createApiKey(server.db, {
      workspaceId,
      name: "short-lived",
      scopes: ["read"],
      expiresAt: new Date(Date.now() - 1000),
    });
    await expectTRPCError(server.clientFor(plainKey).agents.list.query({}), "UNAUTHORIZED");
  });

  it("refuses a key without the scope a procedure needs", async () => {
    const reader = await server.workspace({ scopes: ["read"] });
    await reader.client.agents.list.query({});
    const { message } = await expectTRPCError(
      reader.client.agents.create.mutate({ name: "x", slug: "x", type: "t", mode: "m" }),
      "FORBIDDEN",
    );
    expect(message).toMatch(/"write" scope/);
    const ingestOnly = await server.workspace({ scopes: ["ingest"] });
    await expectTRPCError(ingestOnly.client.agents.list.query({}), "FORBIDDEN");
    const writer = await server.workspace({ scopes: ["write"] });
    await writer.client.agents.list.query({});
  });

  it("records when a key was last used, and keeps only a hash of it", async () => {
    const { client, plainKey, key } = await server.workspace();
    expect(key.lastUsedAt).toBeNull();
    await client.agents.list.query({});
    const [stored] = await server.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(stored?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(stored)).not.toContain(plainKey);
    expect(stored?.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(plainKey.startsWith(stored?.prefix ?? "?")).toBe(true);
  });

  it("refuses request bodies over the limit and batches over the batch size", async () => {
    const { plainKey } = await server.workspace();
    const auth = { authorization: `Bearer ${plainKey}` };
    const huge = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) });
    expect((await postRaw("traits.create", auth, huge)).status).toBe(413);

    const calls = Array.from({ length: 21 }, () => "agents.list").join(",");
    const input = JSON.stringify(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [i, {}])));
    const batch = await server.app.request(
      `/trpc/${calls}?batch=1&input=${encodeURIComponent(input)}`,
      {
        headers: auth,
      },
    );
    expect(batch.status).toBe(400);
  });
});
