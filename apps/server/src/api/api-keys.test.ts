import { randomUUID } from "node:crypto";
import { type ApiKeyScope, apiKeys, rowsOf, users } from "@steward/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

describe("apiKeys router", () => {
  const server = useTestServer();

  it("creates a key, showing the plain key once, and the key works with its scopes", async () => {
    const { client, workspaceId } = await server.workspace();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await client.apiKeys.create.mutate({
      name: "ci",
      scopes: ["read", "read"],
      expiresAt,
    });
    expect(created.key).toMatch(/^stw_/);
    expect(created.record).toMatchObject({
      workspaceId,
      name: "ci",
      scopes: ["read"],
      expiresAt,
      revokedAt: null,
      userId: null,
    });
    expect(created.record).not.toHaveProperty("keyHash");
    expect(created.key.startsWith(created.record.prefix)).toBe(true);

    const ci = server.clientFor(created.key);
    expect((await ci.conversations.list.query({})).items).toEqual([]);
    await expectTRPCError(ci.conversations.create.mutate({}), "FORBIDDEN");
  });

  it("creates a key that acts for a user of the workspace", async () => {
    const { client, workspaceId } = await server.workspace();
    const [user] = await server.db
      .insert(users)
      .values({ workspaceId, email: "ada@example.com" })
      .returning();
    if (!user) throw new Error("no user");
    const created = await client.apiKeys.create.mutate({
      name: "ada",
      scopes: ["write"],
      userId: user.id,
    });
    expect(created.record.userId).toBe(user.id);
  });

  it("never stores the plain key, and never answers a hash or a key in a list", async () => {
    const { client, workspaceId, plainKey } = await server.workspace();
    const created = await client.apiKeys.create.mutate({ name: "secret", scopes: ["ingest"] });
    const stored = rowsOf<{ row: string; keyHash: string }>(
      await server.db.execute(
        sql`select t::text as row, t.key_hash as "keyHash" from agent.api_keys t where t.workspace_id = ${workspaceId}`,
      ),
    );
    expect(stored).toHaveLength(2);
    for (const { row, keyHash } of stored) {
      expect(keyHash).toMatch(/^[0-9a-f]{64}$/);
      for (const secret of [created.key, plainKey]) {
        expect(row).not.toContain(secret);
        expect(row).not.toContain(secret.slice(12));
      }
    }

    const listed = await client.apiKeys.list.query();
    expect(listed.map((key) => key.name)).toEqual(["secret", "test"]);
    const answer = JSON.stringify(listed);
    expect(answer).not.toMatch(/keyHash/);
    for (const { keyHash } of stored) expect(answer).not.toContain(keyHash);
    expect(answer).not.toContain(created.key);
  });

  it("revokes a key, which is then refused as UNAUTHORIZED; revoking twice keeps the first time", async () => {
    const { client } = await server.workspace();
    const created = await client.apiKeys.create.mutate({ name: "temp", scopes: ["read"] });
    const temp = server.clientFor(created.key);
    await temp.conversations.list.query({});

    const revoked = await client.apiKeys.revoke.mutate({ id: created.record.id });
    expect(revoked.revokedAt).toMatch(isoTimestamp);
    expect(revoked).not.toHaveProperty("keyHash");
    await expectTRPCError(temp.conversations.list.query({}), "UNAUTHORIZED");
    const again = await client.apiKeys.revoke.mutate({ id: created.record.id });
    expect(again.revokedAt).toEqual(revoked.revokedAt);
    const listed = await client.apiKeys.list.query();
    expect(listed.find((key) => key.id === created.record.id)?.revokedAt).toEqual(
      revoked.revokedAt,
    );
  });

  it("lets a key revoke itself, after which it is refused", async () => {
    const { client, key } = await server.workspace();
    const revoked = await client.apiKeys.revoke.mutate({ id: key.id });
    expect(revoked.id).toBe(key.id);
    await expectTRPCError(client.apiKeys.list.query(), "UNAUTHORIZED");
  });

  it("answers NOT_FOUND for another workspace's key or user, and for an unknown key", async () => {
    const a = await server.workspace();
    const b = await server.workspace();
    const revoke = await expectTRPCError(
      a.client.apiKeys.revoke.mutate({ id: b.key.id }),
      "NOT_FOUND",
    );
    expect(revoke.data.field).toBe("id");
    expect((await b.client.apiKeys.list.query())[0]?.revokedAt).toBeNull();
    await expectTRPCError(a.client.apiKeys.revoke.mutate({ id: randomUUID() }), "NOT_FOUND");

    const [userOfB] = await server.db
      .insert(users)
      .values({ workspaceId: b.workspaceId, email: "bob@example.com" })
      .returning();
    const create = await expectTRPCError(
      a.client.apiKeys.create.mutate({ name: "x", scopes: ["read"], userId: userOfB?.id }),
      "NOT_FOUND",
    );
    expect(create.data.field).toBe("userId");
  });

  it("refuses creating, listing and revoking keys to a key without the admin scope", async () => {
    const admin = await server.workspace();
    for (const scopes of [["read"], ["read", "write", "ingest"]] as ApiKeyScope[][]) {
      const { client } = await server.workspace({ scopes });
      const calls = [
        () => client.apiKeys.create.mutate({ name: "escalate", scopes: ["admin"] }),
        () => client.apiKeys.list.query(),
        () => client.apiKeys.revoke.mutate({ id: admin.key.id }),
      ];
      for (const call of calls) {
        const { message } = await expectTRPCError(call(), "FORBIDDEN");
        expect(message).toMatch(/"admin" scope/);
      }
    }
    const stillThere = await server.db
      .select()
      .from(apiKeys)
      .where(sql`${apiKeys.workspaceId} = ${admin.workspaceId} and ${apiKeys.revokedAt} is null`);
    expect(stillThere).toHaveLength(1);
  });

  it("tells any usable key who it is, whatever its scopes", async () => {
    const admin = await server.workspace();
    const [user] = await server.db
      .insert(users)
      .values({ workspaceId: admin.workspaceId, email: "grace@example.com", name: "Grace" })
      .returning();
    if (!user) throw new Error("no user");
    const created = await admin.client.apiKeys.create.mutate({
      name: "collector",
      scopes: ["ingest"],
      userId: user.id,
    });
    const collector = server.clientFor(created.key);
    expect(await collector.apiKeys.current.query()).toEqual({
      workspaceId: admin.workspaceId,
      workspaceName: "Test",
      keyId: created.record.id,
      keyName: "collector",
      scopes: ["ingest"],
      userId: user.id,
      userName: "Grace",
    });
    expect(await admin.client.apiKeys.current.query()).toEqual({
      workspaceId: admin.workspaceId,
      workspaceName: "Test",
      keyId: admin.key.id,
      keyName: "test",
      scopes: ["read", "write", "ingest", "admin"],
      userId: null,
      userName: null,
    });

    await admin.client.apiKeys.revoke.mutate({ id: created.record.id });
    await expectTRPCError(collector.apiKeys.current.query(), "UNAUTHORIZED");
    await expectTRPCError(server.clientFor("stw_unknown").apiKeys.current.query(), "UNAUTHORIZED");
  });

  it("refuses bad input with the fields at fault", async () => {
    const { client } = await server.workspace();
    await expectFieldErrors(client.apiKeys.create.mutate({ name: "x", scopes: [] }), ["scopes"]);
    await expectFieldErrors(client.apiKeys.create.mutate({ name: "", scopes: ["root"] } as never), [
      "name",
      "scopes.0",
    ]);
    await expectFieldErrors(
      client.apiKeys.create.mutate({
        name: "x",
        scopes: ["read"],
        userId: "u1",
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      }),
      ["userId", "expiresAt"],
    );
    await expectFieldErrors(
      client.apiKeys.create.mutate({ scopes: ["read"], expiresAt: "tomorrow" } as never),
      ["name", "expiresAt"],
    );
    await expectFieldErrors(client.apiKeys.revoke.mutate({ id: "k1" }), ["id"]);
  });
});
