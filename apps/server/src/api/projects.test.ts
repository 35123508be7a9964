import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

const newProject = { name: "Steward", mode: "genesis" as const, rootPath: "/srv/steward" };

describe("projects", () => {
  const server = useTestServer();

  it("creates a project in planning and reads it back", async () => {
    const { client, workspaceId } = await server.workspace();
    const project = await client.projects.create.mutate({
      ...newProject,
      description: "A system of record",
      repositoryUrl: "https://example.com/steward.git",
    });
    expect(project).toMatchObject({
      workspaceId,
      mode: "genesis",
      status: "planning",
      rootPath: "/srv/steward",
      completedAt: null,
    });
    expect(await client.projects.get.query({ id: project.id })).toEqual(project);
  });

  it("updates what is given and leaves the rest", async () => {
    const { client } = await server.workspace();
    const project = await client.projects.create.mutate(newProject);
    const updated = await client.projects.update.mutate({
      id: project.id,
      mode: "evolution",
      status: "active",
    });
    expect(updated).toMatchObject({ name: "Steward", mode: "evolution", status: "active" });
  });

  it("lists projects filtered by status", async () => {
    const { client } = await server.workspace();
    const active = await client.projects.create.mutate({ ...newProject, status: "active" });
    const planning = await client.projects.create.mutate(newProject);
    const onlyActive = await client.projects.list.query({ status: "active" });
    expect(onlyActive.items.map((p) => p.id)).toEqual([active.id]);
    const all = await client.projects.list.query({});
    expect(all.items.map((p) => p.id).sort()).toEqual([active.id, planning.id].sort());
  });

  it("completes a project once, recording when", async () => {
    const { client } = await server.workspace();
    const project = await client.projects.create.mutate(newProject);
    const completed = await client.projects.complete.mutate({ id: project.id });
    expect(completed.status).toBe("completed");
    expect(completed.completedAt).toMatch(isoTimestamp);

    const { message, data } = await expectTRPCError(
      client.projects.complete.mutate({ id: project.id }),
      "PRECONDITION_FAILED",
    );
    expect(data.appCode).toBe("INVALID_STATE");
    expect(message).toMatch(/from completed to completed/);
    expect((await client.projects.get.query({ id: project.id })).completedAt).toEqual(
      completed.completedAt,
    );
  });

  it("reopens a completed project when its status changes, clearing the completion time", async () => {
    const { client } = await server.workspace();
    const project = await client.projects.create.mutate(newProject);
    await client.projects.complete.mutate({ id: project.id });
    const reopened = await client.projects.update.mutate({ id: project.id, status: "active" });
    expect(reopened).toMatchObject({ status: "active", completedAt: null });
    await expect(client.projects.complete.mutate({ id: project.id })).resolves.toMatchObject({
      status: "completed",
    });
  });

  it("refuses to set the completed status by update", async () => {
    const { client } = await server.workspace();
    const project = await client.projects.create.mutate(newProject);
    await expectFieldErrors(
      client.projects.update.mutate({ id: project.id, status: "completed" }),
      ["status"],
    );
    await expectFieldErrors(client.projects.create.mutate({ ...newProject, status: "completed" }), [
      "status",
    ]);
  });

  it("deletes a project with its plan", async () => {
    const { client } = await server.workspace();
    const project = await client.projects.create.mutate(newProject);
    const feature = await client.features.create.mutate({ projectId: project.id, name: "Login" });
    const sprint = await client.sprints.create.mutate({ projectId: project.id, name: "S1" });
    await client.projects.delete.mutate({ id: project.id });
    await expectTRPCError(client.projects.get.query({ id: project.id }), "NOT_FOUND");
    await expectTRPCError(client.features.get.query({ id: feature.id }), "NOT_FOUND");
    await expectTRPCError(client.sprints.get.query({ id: sprint.id }), "NOT_FOUND");
    await expectTRPCError(client.projects.delete.mutate({ id: project.id }), "NOT_FOUND");
  });

  it("answers NOT_FOUND naming the id for a project that does not exist", async () => {
    const { client } = await server.workspace();
    const id = crypto.randomUUID();
    for (const call of [
      client.projects.get.query({ id }),
      client.projects.update.mutate({ id, name: "x" }),
      client.projects.complete.mutate({ id }),
      client.projects.delete.mutate({ id }),
    ]) {
      const { data } = await expectTRPCError(call, "NOT_FOUND");
      expect(data.field).toBe("id");
    }
  });

  it("rejects bad input with the fields at fault", async () => {
    const { client } = await server.workspace();
    await expectFieldErrors(
      // @ts-expect-error an unknown mode and a missing root path
      client.projects.create.mutate({ name: "x", mode: "revolution" }),
      ["mode", "rootPath"],
    );
    await expectFieldErrors(
      client.projects.create.mutate({ ...newProject, name: "", rootPath: "x".repeat(1_001) }),
      ["name", "rootPath"],
    );
    await expectFieldErrors(
      // @ts-expect-error a description of the wrong type
      client.projects.update.mutate({ id: crypto.randomUUID(), description: 7 }),
      ["description"],
    );
    await expectFieldErrors(client.projects.list.query({ status: "", limit: 101 }), [
      "status",
      "limit",
    ]);
  });
});
