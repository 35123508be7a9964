import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

describe("sprints", () => {
  const server = useTestServer();

  async function projectWorkspace() {
    const workspace = await server.workspace();
    const project = await workspace.client.projects.create.mutate({
      name: "Steward",
      mode: "evolution",
      rootPath: "/srv/steward",
    });
    return { ...workspace, project };
  }

  it("creates a planned sprint under a project, updates and reads it", async () => {
    const { client, project } = await projectWorkspace();
    const startsAt = "2030-01-06T09:00:00.000Z";
    const endsAt = "2030-01-17T17:00:00.000Z";
    const sprint = await client.sprints.create.mutate({
      projectId: project.id,
      name: "Sprint 1",
      goal: "Ship login",
      startsAt,
      endsAt,
    });
    expect(sprint).toMatchObject({ projectId: project.id, status: "planned", startsAt, endsAt });

    const updated = await client.sprints.update.mutate({ id: sprint.id, goal: "Ship sign-up" });
    expect(updated).toMatchObject({ name: "Sprint 1", goal: "Ship sign-up" });
    expect(await client.sprints.get.query({ id: sprint.id })).toEqual(updated);
  });

  it("lists a project's sprints, filtered by status", async () => {
    const { client, project } = await projectWorkspace();
    const other = await client.projects.create.mutate({
      name: "Other",
      mode: "genesis",
      rootPath: "/srv/other",
    });
    const first = await client.sprints.create.mutate({ projectId: project.id, name: "S1" });
    const second = await client.sprints.create.mutate({ projectId: project.id, name: "S2" });
    await client.sprints.create.mutate({ projectId: other.id, name: "Elsewhere" });
    await client.sprints.start.mutate({ id: first.id });

    const all = await client.sprints.list.query({ projectId: project.id });
    expect(all.items.map((s) => s.id).sort()).toEqual([first.id, second.id].sort());
    const active = await client.sprints.list.query({ projectId: project.id, status: "active" });
    expect(active.items.map((s) => s.id)).toEqual([first.id]);
  });

  it("moves planned → active → completed", async () => {
    const { client, project } = await projectWorkspace();
    const sprint = await client.sprints.create.mutate({ projectId: project.id, name: "S1" });
    expect((await client.sprints.start.mutate({ id: sprint.id })).status).toBe("active");
    expect((await client.sprints.complete.mutate({ id: sprint.id })).status).toBe("completed");
  });

  it("cancels a planned or an active sprint", async () => {
    const { client, project } = await projectWorkspace();
    const planned = await client.sprints.create.mutate({ projectId: project.id, name: "S1" });
    const active = await client.sprints.create.mutate({ projectId: project.id, name: "S2" });
    await client.sprints.start.mutate({ id: active.id });
    expect((await client.sprints.cancel.mutate({ id: planned.id })).status).toBe("cancelled");
    expect((await client.sprints.cancel.mutate({ id: active.id })).status).toBe("cancelled");
  });

  it("refuses every other transition, naming from and to", async () => {
    const { client, project } = await projectWorkspace();
    const sprint = await client.sprints.create.mutate({ projectId: project.id, name: "S1" });
    const refused = async (call: Promise<unknown>, pattern: RegExp) => {
      const { message, data } = await expectTRPCError(call, "PRECONDITION_FAILED");
      expect(data.appCode).toBe("INVALID_STATE");
      expect(message).toMatch(pattern);
    };

    await refused(client.sprints.complete.mutate({ id: sprint.id }), /from planned to completed/);
    await client.sprints.start.mutate({ id: sprint.id });
    await refused(client.sprints.start.mutate({ id: sprint.id }), /from active to active/);
    await client.sprints.complete.mutate({ id: sprint.id });
    await refused(client.sprints.start.mutate({ id: sprint.id }), /from completed to active/);
    await refused(client.sprints.cancel.mutate({ id: sprint.id }), /from completed to cancelled/);

    const cancelled = await client.sprints.create.mutate({ projectId: project.id, name: "S2" });
    await client.sprints.cancel.mutate({ id: cancelled.id });
    await refused(client.sprints.start.mutate({ id: cancelled.id }), /from cancelled to active/);
    await refused(
      client.sprints.complete.mutate({ id: cancelled.id }),
      /from cancelled to completed/,
    );
    await refused(
      client.sprints.cancel.mutate({ id: cancelled.id }),
      /from cancelled to cancelled/,
    );
    expect((await client.sprints.get.query({ id: cancelled.id })).status).toBe("cancelled");
  });

  it("answers NOT_FOUND naming the field for a missing project or sprint", async () => {
    const { client } = await server.workspace();
    const missing = crypto.randomUUID();
    const project = await expectTRPCError(
      client.sprints.create.mutate({ projectId: missing, name: "S1" }),
      "NOT_FOUND",
    );
    expect(project.data.field).toBe("projectId");
    const list = await expectTRPCError(
      client.sprints.list.query({ projectId: missing }),
      "NOT_FOUND",
    );
    expect(list.data.field).toBe("projectId");
    for (const call of [
      client.sprints.get.query({ id: missing }),
      client.sprints.update.mutate({ id: missing, name: "x" }),
      client.sprints.start.mutate({ id: missing }),
      client.sprints.complete.mutate({ id: missing }),
      client.sprints.cancel.mutate({ id: missing }),
    ]) {
      const { data } = await expectTRPCError(call, "NOT_FOUND");
      expect(data.field).toBe("id");
    }
  });

  it("rejects bad input with the fields at fault", async () => {
    const { client, project } = await projectWorkspace();
    await expectFieldErrors(
      client.sprints.create.mutate({
        projectId: project.id,
        name: "S1",
        startsAt: "2030-01-17T00:00:00Z",
        endsAt: "2030-01-06T00:00:00Z",
      }),
      ["endsAt"],
    );
    await expectFieldErrors(
      // @ts-expect-error a missing name (and a date that is no ISO date-time)
      client.sprints.create.mutate({ projectId: project.id, startsAt: "tomorrow" }),
      ["name", "startsAt"],
    );
    await expectFieldErrors(
      client.sprints.update.mutate({ id: "not-a-uuid", goal: "x".repeat(100_001) }),
      ["id", "goal"],
    );
    await expectFieldErrors(
      // @ts-expect-error an unknown status
      client.sprints.list.query({ projectId: project.id, status: "done" }),
      ["status"],
    );
  });
});
