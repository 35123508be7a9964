import { randomUUID } from "node:crypto";
import { metrics, projects } from "@steward/db";
import { insertOneRowInEveryTable } from "@steward/db/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

const t0 = "2024-03-01T00:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(t0) + minutes * 60_000).toISOString();

describe("metrics router", () => {
  const server = useTestServer();

  async function workspaceWithRows() {
    const workspace = await server.workspace();
    return { ...workspace, ids: await insertOneRowInEveryTable(server.db, workspace.workspaceId) };
  }

  async function countMetrics(workspaceId: string) {
    return (await server.db.select().from(metrics).where(eq(metrics.workspaceId, workspaceId)))
      .length;
  }

  it("records a measurement about any of its subjects, at now unless told when", async () => {
    const { client, ids } = await workspaceWithRows();
    const before = Date.now();
    const recorded = await client.metrics.record.mutate({
      type: "token_usage",
      value: 1234.5,
      metadata: { model: "opus" },
      projectId: ids.project,
      agentId: ids.agent,
      agentInstanceId: ids.instance,
      taskId: ids.task,
      runId: ids.run,
    });
    expect(recorded).toMatchObject({
      type: "token_usage",
      value: 1234.5,
      metadata: { model: "opus" },
      projectId: ids.project,
      agentId: ids.agent,
      agentInstanceId: ids.instance,
      taskId: ids.task,
      runId: ids.run,
    });
    expect(Date.parse(recorded.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
    const dated = await client.metrics.record.mutate({
      type: "a_new_kind",
      value: -3,
      recordedAt: t0,
    });
    expect(dated).toMatchObject({ recordedAt: t0, projectId: null, metadata: null });
  });

  it("records a batch in one insert, and none of it when one item names a missing row", async () => {
    const { client, ids, workspaceId } = await workspaceWithRows();
    const before = await countMetrics(workspaceId);
    const batch = await client.metrics.recordMany.mutate({
      metrics: [
        { type: "qa_iterations", value: 3, taskId: ids.task },
        { type: "task_duration", value: 90, taskId: ids.task, recordedAt: t0 },
      ],
    });
    expect(batch.map((m) => m.type)).toEqual(["qa_iterations", "task_duration"]);
    expect(await countMetrics(workspaceId)).toBe(before + 2);

    const refused = await expectTRPCError(
      client.metrics.recordMany.mutate({
        metrics: [
          { type: "qa_iterations", value: 1, taskId: ids.task },
          { type: "qa_iterations", value: 2, taskId: randomUUID() },
        ],
      }),
      "NOT_FOUND",
    );
    expect(refused.data.field).toBe("metrics.1.taskId");
    expect(await countMetrics(workspaceId)).toBe(before + 2);
  });

  it("computes sum, avg, count, min and max over [from, to), in this workspace only", async () => {
    const { client } = await workspaceWithRows();
    const other = await server.workspace();
    const sample = (value: number, recordedAt: string, type = "task_duration") => ({
      type,
      value,
      recordedAt,
    });
    await client.metrics.recordMany.mutate({
      metrics: [
        sample(10, at(0)), // on `from`: counted
        sample(20, at(30)),
        sample(30, at(59.99)),
        sample(100, at(60)), // on `to`: not counted
        sample(1000, new Date(Date.parse(t0) - 1).toISOString()), // just before `from`
        sample(5000, at(30), "token_usage"), // another type
      ],
    });
    await other.client.metrics.record.mutate(sample(7, at(1)));

    const stats = await client.metrics.aggregate.query({
      type: "task_duration",
      from: at(0),
      to: at(60),
    });
    expect(stats).toEqual({
      groupBy: "none",
      count: 3,
      sum: 60,
      avg: 20,
      min: 10,
      max: 30,
      groups: [],
    });

    const empty = await client.metrics.aggregate.query({
      type: "task_duration",
      from: at(120),
      to: at(180),
    });
    expect(empty).toMatchObject({ count: 0, sum: 0, avg: null, min: null, max: null });
  });

  it("groups by project (and the others), with measurements of no project under a null key", async () => {
    const { client, ids, workspaceId } = await workspaceWithRows();
    const [second] = await server.db
      .insert(projects)
      .values({ workspaceId, name: "Second", mode: "evolution", rootPath: "/srv/second" })
      .returning();
    if (!second) throw new Error("no project");
    const usage = (value: number, projectId?: string) => ({
      type: "token_usage",
      value,
      recordedAt: at(5),
      ...(projectId ? { projectId } : {}),
    });
    await client.metrics.recordMany.mutate({
      metrics: [usage(1, ids.project), usage(3, ids.project), usage(10, second.id), usage(100)],
    });
    const range = { type: "token_usage", from: at(0), to: at(10) };
    const byProject = await client.metrics.aggregate.query({ ...range, groupBy: "project" });
    expect(byProject).toMatchObject({ groupBy: "project", count: 4, sum: 114, min: 1, max: 100 });
    expect(byProject.groups).toHaveLength(3);
    expect(byProject.groups).toEqual(
      expect.arrayContaining([
        { key: ids.project, count: 2, sum: 4, avg: 2, min: 1, max: 3 },
        { key: second.id, count: 1, sum: 10, avg: 10, min: 10, max: 10 },
        { key: null, count: 1, sum: 100, avg: 100, min: 100, max: 100 },
      ]),
    );
    expect(byProject.groups.at(-1)?.key).toBeNull();

    const ofOneProject = await client.metrics.aggregate.query({ ...range, projectId: second.id });
    expect(ofOneProject).toMatchObject({ count: 1, sum: 10 });
    const byRun = await client.metrics.aggregate.query({ ...range, groupBy: "run" });
    expect(byRun.groups).toEqual([{ key: null, count: 4, sum: 114, avg: 28.5, min: 1, max: 100 }]);
  });

  it("lists measurements newest first by the time they describe, with filters and pages", async () => {
    const { client, ids } = await workspaceWithRows();
    await client.metrics.recordMany.mutate({
      metrics: [
        { type: "qa_iterations", value: 1, recordedAt: at(1), taskId: ids.task },
        { type: "qa_iterations", value: 3, recordedAt: at(3), taskId: ids.task },
        { type: "qa_iterations", value: 2, recordedAt: at(2), taskId: ids.task },
        { type: "task_duration", value: 9, recordedAt: at(2) },
      ],
    });
    const first = await client.metrics.list.query({ type: "qa_iterations", limit: 2 });
    expect(first.items.map((m) => m.value)).toEqual([3, 2]);
    const second = await client.metrics.list.query({
      type: "qa_iterations",
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    expect(second.items.map((m) => m.value)).toEqual([1]);
    expect(second.nextCursor).toBeNull();

    const ranged = await client.metrics.list.query({ taskId: ids.task, from: at(2), to: at(3) });
    expect(ranged.items.map((m) => m.value)).toEqual([2]);
    const ofRun = await client.metrics.list.query({ runId: ids.run });
    expect(ofRun.items.map((m) => m.id)).toEqual([ids.metric]);
  });

  it("answers NOT_FOUND naming the field for subjects it does not have", async () => {
    const { client } = await workspaceWithRows();
    const missing = randomUUID();
    for (const field of ["projectId", "agentId", "agentInstanceId", "taskId", "runId"] as const) {
      const { data } = await expectTRPCError(
        client.metrics.record.mutate({ type: "x", value: 1, [field]: missing }),
        "NOT_FOUND",
      );
      expect(data.field).toBe(field);
    }
    const aggregate = await expectTRPCError(
      client.metrics.aggregate.query({ type: "x", from: at(0), to: at(1), agentId: missing }),
      "NOT_FOUND",
    );
    expect(aggregate.data.field).toBe("agentId");
    const list = await expectTRPCError(client.metrics.list.query({ taskId: missing }), "NOT_FOUND");
    expect(list.data.field).toBe("taskId");
  });

  it("refuses bad measurements with the fields at fault", async () => {
    const { client } = await workspaceWithRows();
    await expectFieldErrors(
      client.metrics.record.mutate({ type: "x".repeat(201), value: Number.POSITIVE_INFINITY }),
      ["type", "value"],
    );
    await expectFieldErrors(client.metrics.record.mutate({ type: "", value: Number.NaN }), [
      "type",
      "value",
    ]);
    await expectFieldErrors(
      client.metrics.record.mutate({
        type: "x",
        value: "12" as never,
        projectId: "p1",
        recordedAt: "yesterday" as never,
        metadata: [1] as never,
      }),
      ["value", "projectId", "recordedAt", "metadata"],
    );
    await expectFieldErrors(client.metrics.record.mutate({ value: 1 } as never), ["type"]);
    await expectFieldErrors(client.metrics.recordMany.mutate({ metrics: [] }), ["metrics"]);
    const tooMany = Array.from({ length: 501 }, () => ({ type: "x", value: 1 }));
    await expectFieldErrors(client.metrics.recordMany.mutate({ metrics: tooMany }), ["metrics"]);
    await expectFieldErrors(
      client.metrics.recordMany.mutate({
        metrics: [{ type: "x", value: 1 }, { type: "x" } as never],
      }),
      ["metrics.1.value"],
    );
  });

  it("refuses an aggregate whose range is empty or reversed, naming `to`", async () => {
    const { client } = await workspaceWithRows();
    await expectFieldErrors(client.metrics.aggregate.query({ type: "x", from: at(1), to: at(1) }), [
      "to",
    ]);
    await expectFieldErrors(client.metrics.aggregate.query({ type: "x", from: at(2), to: at(1) }), [
      "to",
    ]);
    await expectFieldErrors(
      client.metrics.aggregate.query({ type: "x", from: at(0), groupBy: "day" } as never),
      ["to", "groupBy"],
    );
    await expectFieldErrors(client.metrics.list.query({ from: at(2), to: at(1), limit: 101 }), [
      "limit",
      "to",
    ]);
    await expectFieldErrors(client.metrics.list.query({ from: at(2), to: at(1) }), ["to"]);
  });
});
