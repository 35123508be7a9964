import { agentInstances, tasks } from "@steward/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

describe("agent instances", () => {
  const server = useTestServer();

  /** A workspace with an agent definition and a task for instances to work on. */
  async function workWorkspace() {
    const workspace = await server.workspace();
    const { client, workspaceId } = workspace;
    const agent = await client.agents.create.mutate({
      name: "Coder",
      slug: "coder",
      type: "coder",
      mode: "implementation",
    });
    const project = await client.projects.create.mutate({
      name: "Steward",
      mode: "genesis",
      rootPath: "/srv/steward",
    });
    const [task] = await server.db
      .insert(tasks)
      .values({ workspaceId, projectId: project.id, name: "Build the form" })
      .returning();
    if (!task) throw new Error("no task inserted");
    return { ...workspace, agent, task };
  }

  it("spawns an idle instance with zeroed counters, and reads it back", async () => {
    const { client, workspaceId, agent, task } = await workWorkspace();
    const instance = await client.agentInstances.spawn.mutate({
      type: "coder",
      agentId: agent.id,
      currentTaskId: task.id,
      worktreePath: "/srv/steward/.worktrees/coder-1",
      branchName: "coder-1",
    });
    expect(instance).toMatchObject({
      workspaceId,
      agentId: agent.id,
      type: "coder",
      status: "idle",
      currentTaskId: task.id,
      branchName: "coder-1",
      tokensUsed: 0,
      tasksCompleted: 0,
      tasksFailed: 0,
      terminatedAt: null,
    });
    expect(await client.agentInstances.get.query({ id: instance.id })).toEqual(instance);
    await expect(client.agentInstances.spawn.mutate({ type: "merger" })).resolves.toMatchObject({
      agentId: null,
    });
  });

  it("records heartbeats: activity time, status, current task, and tokens added up", async () => {
    const { client, task } = await workWorkspace();
    const instance = await client.agentInstances.spawn.mutate({ type: "tester" });
    const first = await client.agentInstances.heartbeat.mutate({
      id: instance.id,
      status: "working",
      currentTaskId: task.id,
      tokensUsed: 1_200,
    });
    expect(first).toMatchObject({ status: "working", currentTaskId: task.id, tokensUsed: 1_200 });
    expect(Date.parse(first.lastActivityAt)).toBeGreaterThanOrEqual(
      Date.parse(instance.lastActivityAt),
    );

    // Heartbeats that arrive together must all count.
    await Promise.all(
      [100, 200, 300].map((tokensUsed) =>
        client.agentInstances.heartbeat.mutate({ id: instance.id, tokensUsed }),
      ),
    );
    const after = await client.agentInstances.heartbeat.mutate({
      id: instance.id,
      currentTaskId: null,
    });
    expect(after).toMatchObject({ status: "working", currentTaskId: null, tokensUsed: 1_800 });
  });

  it("counts completed and failed tasks", async () => {
    const { client } = await workWorkspace();
    const instance = await client.agentInstances.spawn.mutate({ type: "coder" });
    await Promise.all([
      client.agentInstances.recordTaskOutcome.mutate({ id: instance.id, outcome: "completed" }),
      client.agentInstances.recordTaskOutcome.mutate({ id: instance.id, outcome: "completed" }),
      client.agentInstances.recordTaskOutcome.mutate({ id: instance.id, outcome: "failed" }),
    ]);
    expect(await client.agentInstances.get.query({ id: instance.id })).toMatchObject({
      tasksCompleted: 2,
      tasksFailed: 1,
    });
  });

  it("terminates an instance once, releasing its task, and then refuses all further work", async () => {
    const { client, task } = await workWorkspace();
    const instance = await client.agentInstances.spawn.mutate({
      type: "coder",
      currentTaskId: task.id,
    });
    const ended = await client.agentInstances.terminate.mutate({
      id: instance.id,
      reason: "Sprint cancelled",
    });
    expect(ended).toMatchObject({
      status: "terminated",
      terminationReason: "Sprint cancelled",
      currentTaskId: null,
    });
    expect(ended.terminatedAt).toMatch(isoTimestamp);

    const refused = async (call: Promise<unknown>, pattern: RegExp) => {
      const { message, data } = await expectTRPCError(call, "PRECONDITION_FAILED");
      expect(data.appCode).toBe("INVALID_STATE");
      expect(message).toMatch(pattern);
    };
    await refused(
      client.agentInstances.terminate.mutate({ id: instance.id, reason: "again" }),
      /from terminated to terminated/,
    );
    await refused(
      client.agentInstances.heartbeat.mutate({ id: instance.id, status: "working" }),
      /from terminated to working/,
    );
    await refused(
      client.agentInstances.heartbeat.mutate({ id: instance.id, tokensUsed: 5 }),
      /from terminated to alive/,
    );
    await refused(
      client.agentInstances.recordTaskOutcome.mutate({ id: instance.id, outcome: "completed" }),
      /from terminated to alive/,
    );
    expect(await client.agentInstances.get.query({ id: instance.id })).toEqual(ended);
  });

  it("lists instances filtered by status, type and definition", async () => {
    const { client, agent } = await workWorkspace();
    const coder = await client.agentInstances.spawn.mutate({ type: "coder", agentId: agent.id });
    const planner = await client.agentInstances.spawn.mutate({ type: "planner" });
    const reviewer = await client.agentInstances.spawn.mutate({ type: "reviewer" });
    await client.agentInstances.terminate.mutate({ id: reviewer.id, reason: "done" });

    const ids = async (filters: object) =>
      (await client.agentInstances.list.query(filters)).items.map((i) => i.id).sort();
    expect(await ids({})).toEqual([coder.id, planner.id, reviewer.id].sort());
    expect(await ids({ type: "planner" })).toEqual([planner.id]);
    expect(await ids({ agentId: agent.id })).toEqual([coder.id]);
    expect(await ids({ status: "terminated" })).toEqual([reviewer.id]);
    expect(await ids({ status: "idle" })).toEqual([coder.id, planner.id].sort());
  });

  it("answers NOT_FOUND naming the field for a missing instance, definition or task", async () => {
    const { client } = await workWorkspace();
    const instance = await client.agentInstances.spawn.mutate({ type: "coder" });
    const missing = crypto.randomUUID();
    const expectField = async (call: Promise<unknown>, field: string) =>
      expect((await expectTRPCError(call, "NOT_FOUND")).data.field).toBe(field);

    await expectField(
      client.agentInstances.spawn.mutate({ type: "coder", agentId: missing }),
      "agentId",
    );
    await expectField(
      client.agentInstances.spawn.mutate({ type: "coder", currentTaskId: missing }),
      "currentTaskId",
    );
    await expectField(
      client.agentInstances.heartbeat.mutate({ id: instance.id, currentTaskId: missing }),
      "currentTaskId",
    );
    await expectField(client.agentInstances.heartbeat.mutate({ id: missing }), "id");
    await expectField(
      client.agentInstances.recordTaskOutcome.mutate({ id: missing, outcome: "failed" }),
      "id",
    );
    await expectField(client.agentInstances.terminate.mutate({ id: missing, reason: "x" }), "id");
    await expectField(client.agentInstances.get.query({ id: missing }), "id");
  });

  it("refuses to point an instance at another workspace's task", async () => {
    const { client } = await workWorkspace();
    const other = await workWorkspace();
    const instance = await client.agentInstances.spawn.mutate({ type: "coder" });
    const { data } = await expectTRPCError(
      client.agentInstances.heartbeat.mutate({ id: instance.id, currentTaskId: other.task.id }),
      "NOT_FOUND",
    );
    expect(data.field).toBe("currentTaskId");
    const [stored] = await server.db
      .select()
      .from(agentInstances)
      .where(eq(agentInstances.id, instance.id));
    expect(stored?.currentTaskId).toBeNull();
  });

  it("rejects bad input with the fields at fault", async () => {
    const { client } = await workWorkspace();
    const instance = await client.agentInstances.spawn.mutate({ type: "coder" });
    await expectFieldErrors(
      // @ts-expect-error a seed 001 agent type is not an instance type
      client.agentInstances.spawn.mutate({ type: "orchestrator", branchName: "" }),
      ["type", "branchName"],
    );
    await expectFieldErrors(
      client.agentInstances.heartbeat.mutate({ id: instance.id, tokensUsed: -5 }),
      ["tokensUsed"],
    );
    await expectFieldErrors(
      client.agentInstances.heartbeat.mutate({ id: instance.id, tokensUsed: 1.5 }),
      ["tokensUsed"],
    );
    await expectFieldErrors(
      client.agentInstances.heartbeat.mutate({ id: instance.id, status: "terminated" }),
      ["status"],
    );
    await expectFieldErrors(
      // @ts-expect-error an unknown outcome
      client.agentInstances.recordTaskOutcome.mutate({ id: instance.id, outcome: "skipped" }),
      ["outcome"],
    );
    await expectFieldErrors(
      // @ts-expect-error a reason is required
      client.agentInstances.terminate.mutate({ id: instance.id }),
      ["reason"],
    );
    await expectFieldErrors(
      client.agentInstances.terminate.mutate({ id: instance.id, reason: " " }),
      ["reason"],
    );
    await expectFieldErrors(
      // @ts-expect-error an unknown type filter
      client.agentInstances.list.query({ type: "janitor", agentId: "abc" }),
      ["type", "agentId"],
    );
  });
});
