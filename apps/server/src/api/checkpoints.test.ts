import { randomUUID } from "node:crypto";
import { insertOneRowInEveryTable } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

describe("checkpoints router", () => {
  const server = useTestServer();

  async function workspaceWithRows() {
    const workspace = await server.workspace();
    return { ...workspace, ids: await insertOneRowInEveryTable(server.db, workspace.workspaceId) };
  }

  it("saves a checkpoint of a project, of a run, or of both, and gets it back", async () => {
    const { client, ids } = await workspaceWithRows();
    const ofProject = await client.checkpoints.save.mutate({
      projectId: ids.project,
      name: "before refactor",
      reason: "user asked to pause",
      state: { phase: "planning", done: [1, 2] },
      gitCommit: "a1b2c3d",
    });
    expect(ofProject).toMatchObject({
      projectId: ids.project,
      runId: null,
      name: "before refactor",
      reason: "user asked to pause",
      state: { phase: "planning", done: [1, 2] },
      gitCommit: "a1b2c3d",
    });
    expect(ofProject.createdAt).toMatch(isoTimestamp);
    expect(await client.checkpoints.get.query({ id: ofProject.id })).toEqual(ofProject);

    const ofRun = await client.checkpoints.save.mutate({ runId: ids.run, name: "r", state: 1 });
    expect(ofRun).toMatchObject({ projectId: null, runId: ids.run, reason: null, gitCommit: null });
    const ofBoth = await client.checkpoints.save.mutate({
      projectId: ids.project,
      runId: ids.run,
      name: "both",
      state: [],
    });
    expect(ofBoth).toMatchObject({ projectId: ids.project, runId: ids.run, state: [] });
  });

  it("answers the newest checkpoint as latest, and null when there is none", async () => {
    const { client, ids } = await workspaceWithRows();
    expect(await client.checkpoints.latest.query({ projectId: ids.project })).toBeNull();
    await client.checkpoints.save.mutate({ projectId: ids.project, name: "one", state: 1 });
    const second = await client.checkpoints.save.mutate({
      projectId: ids.project,
      name: "two",
      state: 2,
    });
    expect(await client.checkpoints.latest.query({ projectId: ids.project })).toEqual(second);
    // The fixture's run already has a checkpoint; a newer one takes its place.
    const ofRun = await client.checkpoints.save.mutate({ runId: ids.run, name: "r", state: 3 });
    expect(await client.checkpoints.latest.query({ runId: ids.run })).toEqual(ofRun);
  });

  it("lists a project's or a run's checkpoints newest first, by pages", async () => {
    const { client, ids } = await workspaceWithRows();
    const saved = [];
    for (const name of ["a", "b", "c"]) {
      saved.push(await client.checkpoints.save.mutate({ projectId: ids.project, name, state: {} }));
    }
    const first = await client.checkpoints.list.query({ projectId: ids.project, limit: 2 });
    expect(first.items.map((c) => c.name)).toEqual(["c", "b"]);
    const second = await client.checkpoints.list.query({
      projectId: ids.project,
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    expect(second.items.map((c) => c.name)).toEqual(["a"]);
    expect(second.nextCursor).toBeNull();

    const ofRun = await client.checkpoints.list.query({ runId: ids.run });
    expect(ofRun.items.map((c) => c.id)).toEqual([ids.checkpoint]);
  });

  it("answers NOT_FOUND naming the field for a project, run or checkpoint it does not have", async () => {
    const { client, ids } = await workspaceWithRows();
    const missing = randomUUID();
    const onProject = await expectTRPCError(
      client.checkpoints.save.mutate({ projectId: missing, runId: ids.run, name: "x", state: 1 }),
      "NOT_FOUND",
    );
    expect(onProject.data.field).toBe("projectId");
    const onRun = await expectTRPCError(
      client.checkpoints.save.mutate({
        projectId: ids.project,
        runId: missing,
        name: "x",
        state: 1,
      }),
      "NOT_FOUND",
    );
    expect(onRun.data.field).toBe("runId");
    const latest = await expectTRPCError(
      client.checkpoints.latest.query({ runId: missing }),
      "NOT_FOUND",
    );
    expect(latest.data.field).toBe("runId");
    const list = await expectTRPCError(
      client.checkpoints.list.query({ projectId: missing }),
      "NOT_FOUND",
    );
    expect(list.data.field).toBe("projectId");
    const get = await expectTRPCError(client.checkpoints.get.query({ id: missing }), "NOT_FOUND");
    expect(get.data.field).toBe("id");
  });

  it("refuses bad input to save with the fields at fault", async () => {
    const { client, ids } = await workspaceWithRows();
    await expectFieldErrors(client.checkpoints.save.mutate({ name: "x", state: 1 }), ["projectId"]);
    await expectFieldErrors(
      client.checkpoints.save.mutate({ projectId: ids.project, name: "x" } as never),
      ["state"],
    );
    await expectFieldErrors(
      client.checkpoints.save.mutate({ projectId: ids.project, name: "x", state: null }),
      ["state"],
    );
    await expectFieldErrors(
      client.checkpoints.save.mutate({
        projectId: "not-a-uuid",
        name: "x".repeat(201),
        state: 1,
        gitCommit: "main",
        reason: 7 as never,
      }),
      ["projectId", "name", "gitCommit", "reason"],
    );
    await expectFieldErrors(
      client.checkpoints.save.mutate({ projectId: ids.project, state: 1 } as never),
      ["name"],
    );
  });

  it("refuses reads that name no owner, or both, and malformed pages and ids", async () => {
    const { client, ids } = await workspaceWithRows();
    await expectFieldErrors(client.checkpoints.latest.query({}), ["projectId"]);
    await expectFieldErrors(
      client.checkpoints.latest.query({ projectId: ids.project, runId: ids.run }),
      ["runId"],
    );
    await expectFieldErrors(
      client.checkpoints.list.query({ runId: ids.run, limit: 0, cursor: "garbage" }),
      ["limit", "cursor"],
    );
    await expectFieldErrors(client.checkpoints.list.query({}), ["projectId"]);
    await expectFieldErrors(client.checkpoints.get.query({ id: "42" }), ["id"]);
  });
});
