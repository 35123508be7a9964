import { randomUUID } from "node:crypto";
import { insertOneRowInEveryTable } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

describe("sessions router", () => {
  const server = useTestServer();

  async function workspaceWithRows() {
    const workspace = await server.workspace();
    return { ...workspace, ids: await insertOneRowInEveryTable(server.db, workspace.workspaceId) };
  }

  it("starts an active session of a project and gets it back", async () => {
    const { client, ids } = await workspaceWithRows();
    const session = await client.sessions.start.mutate({
      projectId: ids.project,
      type: "interview",
      data: { questions: ["What do you build?"] },
    });
    expect(session).toMatchObject({
      projectId: ids.project,
      type: "interview",
      status: "active",
      data: { questions: ["What do you build?"] },
      endedAt: null,
    });
    expect(session.startedAt).toMatch(isoTimestamp);
    expect(await client.sessions.get.query({ id: session.id })).toEqual(session);
    const bare = await client.sessions.start.mutate({ projectId: ids.project, type: "execution" });
    expect(bare.data).toBeNull();
  });

  it("replaces data by default, and merges top-level keys when asked", async () => {
    const { client, ids } = await workspaceWithRows();
    const session = await client.sessions.start.mutate({
      projectId: ids.project,
      type: "planning",
      data: { step: 1, answers: { a: 1, b: 2 } },
    });
    const merged = await client.sessions.updateData.mutate({
      id: session.id,
      mode: "merge",
      data: { step: 2, answers: { c: 3 } },
    });
    // Shallow: a nested object is replaced whole, not merged.
    expect(merged.data).toEqual({ step: 2, answers: { c: 3 } });
    const replaced = await client.sessions.updateData.mutate({ id: session.id, data: ["x"] });
    expect(replaced.data).toEqual(["x"]);
    const mergedOverArray = await client.sessions.updateData.mutate({
      id: session.id,
      mode: "merge",
      data: { fresh: true },
    });
    expect(mergedOverArray.data).toEqual({ fresh: true });
    expect(mergedOverArray.status).toBe("active");
  });

  it("ends an active session once; an ended session refuses new data and a second end", async () => {
    const { client, ids } = await workspaceWithRows();
    const session = await client.sessions.start.mutate({
      projectId: ids.project,
      type: "execution",
      data: { kept: true },
    });
    const ended = await client.sessions.end.mutate({ id: session.id });
    expect(ended).toMatchObject({ status: "ended", data: { kept: true } });
    expect(ended.endedAt).toMatch(isoTimestamp);

    const again = await expectTRPCError(
      client.sessions.end.mutate({ id: session.id }),
      "PRECONDITION_FAILED",
    );
    expect(again.data.appCode).toBe("INVALID_STATE");
    expect(again.message).toMatch(/from ended to ended/);
    const update = await expectTRPCError(
      client.sessions.updateData.mutate({ id: session.id, data: { kept: false } }),
      "PRECONDITION_FAILED",
    );
    expect(update.data.appCode).toBe("INVALID_STATE");
    expect(update.message).toMatch(/from ended to active/);
    expect(await client.sessions.get.query({ id: session.id })).toEqual(ended);
  });

  it("lists a project's sessions newest first, by status and by pages", async () => {
    const { client, ids } = await workspaceWithRows();
    const interview = await client.sessions.start.mutate({
      projectId: ids.project,
      type: "interview",
    });
    await client.sessions.end.mutate({ id: interview.id });
    const execution = await client.sessions.start.mutate({
      projectId: ids.project,
      type: "execution",
    });
    const active = await client.sessions.list.query({ projectId: ids.project, status: "active" });
    // The fixture's planning session is active too.
    expect(active.items.map((s) => s.id)).toEqual([execution.id, ids.session]);
    const ended = await client.sessions.list.query({ projectId: ids.project, status: "ended" });
    expect(ended.items.map((s) => s.id)).toEqual([interview.id]);

    const first = await client.sessions.list.query({ projectId: ids.project, limit: 2 });
    expect(first.items.map((s) => s.id)).toEqual([execution.id, interview.id]);
    const second = await client.sessions.list.query({
      projectId: ids.project,
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    expect(second.items.map((s) => s.id)).toEqual([ids.session]);
    expect(second.nextCursor).toBeNull();
  });

  it("answers NOT_FOUND naming the field for a project or session it does not have", async () => {
    const { client } = await workspaceWithRows();
    const missing = randomUUID();
    const start = await expectTRPCError(
      client.sessions.start.mutate({ projectId: missing, type: "planning" }),
      "NOT_FOUND",
    );
    expect(start.data.field).toBe("projectId");
    const list = await expectTRPCError(
      client.sessions.list.query({ projectId: missing }),
      "NOT_FOUND",
    );
    expect(list.data.field).toBe("projectId");
    for (const call of [
      () => client.sessions.get.query({ id: missing }),
      () => client.sessions.end.mutate({ id: missing }),
      () => client.sessions.updateData.mutate({ id: missing, data: 1 }),
    ]) {
      expect((await expectTRPCError(call(), "NOT_FOUND")).data.field).toBe("id");
    }
  });

  it("refuses bad input with the fields at fault", async () => {
    const { client, ids } = await workspaceWithRows();
    await expectFieldErrors(
      client.sessions.start.mutate({ projectId: ids.project, type: "review" } as never),
      ["type"],
    );
    await expectFieldErrors(client.sessions.start.mutate({ type: "planning" } as never), [
      "projectId",
    ]);
    await expectFieldErrors(
      client.sessions.start.mutate({
        projectId: ids.project,
        type: "planning",
        data: { blob: "x".repeat(300 * 1024) },
      }),
      ["data"],
    );
    await expectFieldErrors(
      client.sessions.updateData.mutate({ id: ids.session, data: [1], mode: "merge" }),
      ["data"],
    );
    await expectFieldErrors(
      client.sessions.updateData.mutate({ id: ids.session, data: {}, mode: "deep" } as never),
      ["mode"],
    );
    await expectFieldErrors(client.sessions.updateData.mutate({ id: ids.session } as never), [
      "data",
    ]);
    await expectFieldErrors(client.sessions.end.mutate({ id: "s1" }), ["id"]);
    await expectFieldErrors(client.sessions.get.query({} as never), ["id"]);
    await expectFieldErrors(
      client.sessions.list.query({ projectId: ids.project, status: "paused" } as never),
      ["status"],
    );
  });
});
