import { randomUUID } from "node:crypto";
import { features, projects, sprints, subFeatures } from "@steward/db";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

describe("tasks router", () => {
  const server = useTestServer();

  /** A workspace with two projects, each with a feature, a sub-feature and a sprint. */
  async function setup() {
    const ws = await server.workspace();
    const row = { workspaceId: ws.workspaceId };
    const [project, otherProject] = [randomUUID(), randomUUID()];
    await server.db.insert(projects).values([
      { ...row, id: project, name: "P", mode: "genesis" as const, rootPath: "/srv/p" },
      { ...row, id: otherProject, name: "Q", mode: "evolution" as const, rootPath: "/srv/q" },
    ]);
    const [feature, otherFeature, secondFeature] = [randomUUID(), randomUUID(), randomUUID()];
    await server.db.insert(features).values([
      { ...row, id: feature, projectId: project, name: "F" },
      { ...row, id: secondFeature, projectId: project, name: "F2" },
      { ...row, id: otherFeature, projectId: otherProject, name: "G" },
    ]);
    const [subFeature, otherSubFeature] = [randomUUID(), randomUUID()];
    await server.db.insert(subFeatures).values([
      { ...row, id: subFeature, featureId: feature, name: "SF" },
      { ...row, id: otherSubFeature, featureId: otherFeature, name: "SG" },
    ]);
    const [sprint, otherSprint] = [randomUUID(), randomUUID()];
    await server.db.insert(sprints).values([
      { ...row, id: sprint, projectId: project, name: "S1" },
      { ...row, id: otherSprint, projectId: otherProject, name: "T1" },
    ]);
    const ids = {
      project,
      otherProject,
      feature,
      secondFeature,
      otherFeature,
      subFeature,
      otherSubFeature,
      sprint,
      otherSprint,
    };
    const newTask = (name: string, projectId = project) =>
      ws.client.tasks.create.mutate({ projectId, name });
    return { ...ws, ids, newTask };
  }

  describe("create", () => {
    it("creates a task in a project with its feature, sub-feature and sprint, and the defaults", async () => {
      const { client, ids } = await setup();
      const task = await client.tasks.create.mutate({
        projectId: ids.project,
        featureId: ids.feature,
        subFeatureId: ids.subFeature,
        sprintId: ids.sprint,
        name: "Build the form",
        size: "atomic",
      });
      expect(task).toMatchObject({
        projectId: ids.project,
        featureId: ids.feature,
        subFeatureId: ids.subFeature,
        sprintId: ids.sprint,
        status: "pending",
        size: "atomic",
        delegationStatus: "unassigned",
        maxIterations: 50,
        estimatedMinutes: 15,
        estimatedHours: 0.25,
        actualMinutes: null,
        actualHours: null,
      });
    });

    it("stores estimated hours as minutes and shows minutes as hours", async () => {
      const { client, ids } = await setup();
      const byHours = await client.tasks.create.mutate({
        projectId: ids.project,
        name: "H",
        estimatedHours: 1.5,
      });
      expect(byHours).toMatchObject({ estimatedMinutes: 90, estimatedHours: 1.5 });
      const byMinutes = await client.tasks.create.mutate({
        projectId: ids.project,
        name: "M",
        estimatedMinutes: 90,
      });
      const fetched = await client.tasks.get.query({ id: byMinutes.id });
      expect(fetched).toMatchObject({ estimatedMinutes: 90, estimatedHours: 1.5 });
    });

    it("refuses estimated minutes and hours given together", async () => {
      const { client, ids } = await setup();
      await expectFieldErrors(
        client.tasks.create.mutate({
          projectId: ids.project,
          name: "Both",
          estimatedMinutes: 60,
          estimatedHours: 1,
        }),
        ["estimatedHours"],
      );
    });

    it("answers NOT_FOUND naming the field for a missing project, feature, sub-feature or sprint", async () => {
      const { client, ids } = await setup();
      const missing = randomUUID();
      const base = { projectId: ids.project, name: "T" };
      for (const [field, input] of [
        ["projectId", { ...base, projectId: missing }],
        ["featureId", { ...base, featureId: missing }],
        ["subFeatureId", { ...base, subFeatureId: missing }],
        ["sprintId", { ...base, sprintId: missing }],
      ] as const) {
        const { data } = await expectTRPCError(client.tasks.create.mutate(input), "NOT_FOUND");
        expect(data.field).toBe(field);
      }
    });

    it("answers BAD_REQUEST naming the field for a parent of another project or feature", async () => {
      const { client, ids } = await setup();
      const base = { projectId: ids.project, name: "T" };
      for (const [field, input] of [
        ["featureId", { ...base, featureId: ids.otherFeature }],
        ["subFeatureId", { ...base, subFeatureId: ids.otherSubFeature }],
        ["sprintId", { ...base, sprintId: ids.otherSprint }],
        ["subFeatureId", { ...base, featureId: ids.secondFeature, subFeatureId: ids.subFeature }],
      ] as const) {
        const { data } = await expectTRPCError(client.tasks.create.mutate(input), "BAD_REQUEST");
        expect(data.field).toBe(field);
      }
    });

    it("rejects bad input with the fields named", async () => {
      const { client, ids } = await setup();
      const create = (input: unknown) => client.tasks.create.mutate(input as never);
      await expectFieldErrors(create({ name: "T" }), ["projectId"]);
      await expectFieldErrors(create({ projectId: ids.project }), ["name"]);
      await expectFieldErrors(create({ projectId: "nope", name: 5 }), ["projectId", "name"]);
      await expectFieldErrors(create({ projectId: ids.project, name: "x".repeat(201) }), ["name"]);
      await expectFieldErrors(create({ projectId: ids.project, name: "T", size: "huge" }), [
        "size",
      ]);
      await expectFieldErrors(create({ projectId: ids.project, name: "T", status: "done" }), [
        "status",
      ]);
      await expectFieldErrors(
        create({ projectId: ids.project, name: "T", estimatedMinutes: -1, estimatedHours: "2" }),
        ["estimatedMinutes", "estimatedHours"],
      );
      await expectFieldErrors(
        create({ projectId: ids.project, name: "T", estimatedMinutes: 1.5 }),
        ["estimatedMinutes"],
      );
    });
  });

  describe("update", () => {
    it("changes the working fields and shows actual hours from minutes", async () => {
      const { client, ids, newTask } = await setup();
      const task = await newTask("T");
      const updated = await client.tasks.update.mutate({
        id: task.id,
        name: "Renamed",
        description: "Why",
        qaIterations: 3,
        worktreePath: "/work/t",
        branchName: "feat/t",
        blockedBy: "waiting for the API key",
        actualHours: 2.25,
        sprintId: ids.sprint,
      });
      expect(updated).toMatchObject({
        name: "Renamed",
        description: "Why",
        qaIterations: 3,
        worktreePath: "/work/t",
        branchName: "feat/t",
        blockedBy: "waiting for the API key",
        actualMinutes: 135,
        actualHours: 2.25,
        sprintId: ids.sprint,
      });
      const byMinutes = await client.tasks.update.mutate({ id: task.id, actualMinutes: 20 });
      expect(byMinutes).toMatchObject({ actualMinutes: 20, actualHours: 0.33 });
      const cleared = await client.tasks.update.mutate({ id: task.id, sprintId: null });
      expect(cleared.sprintId).toBeNull();
    });

    it("stamps the first start and the completion when the status moves there", async () => {
      const { client, newTask } = await setup();
      const task = await newTask("T");
      const started = await client.tasks.update.mutate({ id: task.id, status: "in_progress" });
      expect(started.startedAt).toMatch(isoTimestamp);
      await client.tasks.update.mutate({ id: task.id, status: "blocked" });
      const again = await client.tasks.update.mutate({ id: task.id, status: "in_progress" });
      expect(again.startedAt).toEqual(started.startedAt);
      const done = await client.tasks.update.mutate({ id: task.id, status: "completed" });
      expect(done.completedAt).toMatch(isoTimestamp);
    });

    it("refuses a sprint of another project, a missing sprint and a missing task", async () => {
      const { client, ids, newTask } = await setup();
      const task = await newTask("T");
      const other = await expectTRPCError(
        client.tasks.update.mutate({ id: task.id, sprintId: ids.otherSprint }),
        "BAD_REQUEST",
      );
      expect(other.data.field).toBe("sprintId");
      const missingSprint = await expectTRPCError(
        client.tasks.update.mutate({ id: task.id, sprintId: randomUUID() }),
        "NOT_FOUND",
      );
      expect(missingSprint.data.field).toBe("sprintId");
      const missing = await expectTRPCError(
        client.tasks.update.mutate({ id: randomUUID(), name: "x" }),
        "NOT_FOUND",
      );
      expect(missing.data.field).toBe("id");
    });

    it("rejects bad input with the fields named", async () => {
      const { client, newTask } = await setup();
      const task = await newTask("T");
      const update = (input: unknown) => client.tasks.update.mutate(input as never);
      await expectFieldErrors(update({ name: "x" }), ["id"]);
      await expectFieldErrors(update({ id: task.id, status: "finished" }), ["status"]);
      await expectFieldErrors(update({ id: task.id, qaIterations: -1 }), ["qaIterations"]);
      await expectFieldErrors(update({ id: task.id, blockedBy: "x".repeat(1_001) }), ["blockedBy"]);
      await expectFieldErrors(update({ id: task.id, actualMinutes: 30, actualHours: 0.5 }), [
        "actualHours",
      ]);
      await expectFieldErrors(update({ id: task.id, sprintId: "sprint-1" }), ["sprintId"]);
    });
  });

  describe("get, list and delete", () => {
    it("gets a task and answers NOT_FOUND for a missing one", async () => {
      const { client, newTask } = await setup();
      const task = await newTask("T");
      expect(await client.tasks.get.query({ id: task.id })).toMatchObject({
        id: task.id,
        name: "T",
      });
      await expectTRPCError(client.tasks.get.query({ id: randomUUID() }), "NOT_FOUND");
      await expectFieldErrors(client.tasks.get.query({ id: "x" } as never), ["id"]);
    });

    it("lists a project's tasks newest first, page by page", async () => {
      const { client, ids, newTask } = await setup();
      const created = [];
      for (const name of ["a", "b", "c"]) created.push(await newTask(name));
      await newTask("elsewhere", ids.otherProject);
      const first = await client.tasks.list.query({ projectId: ids.project, limit: 2 });
      expect(first.items.map((task) => task.name)).toEqual(["c", "b"]);
      expect(first.items[0]?.estimatedHours).toBe(0.25);
      const second = await client.tasks.list.query({
        projectId: ids.project,
        limit: 2,
        cursor: first.nextCursor ?? undefined,
      });
      expect(second.items.map((task) => task.name)).toEqual(["a"]);
      expect(second.nextCursor).toBeNull();
    });

    it("filters by status, delegation status, sprint and assignee", async () => {
      const { client, ids, newTask } = await setup();
      const inSprint = await client.tasks.create.mutate({
        projectId: ids.project,
        name: "in sprint",
        sprintId: ids.sprint,
      });
      const done = await newTask("done");
      await client.tasks.update.mutate({ id: done.id, status: "completed" });
      const delegated = await newTask("delegated");
      const agent = await client.agents.create.mutate({
        name: "Coder",
        slug: "coder",
        type: "backend-engineer",
        mode: "implementation",
      });
      await client.tasks.assign.mutate({ taskId: delegated.id, agentId: agent.id });
      const names = async (filters: object) =>
        (await client.tasks.list.query({ projectId: ids.project, ...filters })).items.map(
          (task) => task.name,
        );
      expect(await names({ status: "completed" })).toEqual(["done"]);
      expect(await names({ sprintId: ids.sprint })).toEqual([inSprint.name]);
      expect(await names({ delegationStatus: "assigned" })).toEqual(["delegated"]);
      expect(await names({ assigneeType: "agent", assigneeId: agent.id })).toEqual(["delegated"]);
      expect(await names({ assigneeId: randomUUID() })).toEqual([]);
    });

    it("answers NOT_FOUND for a missing project and rejects bad filters", async () => {
      const { client, ids } = await setup();
      const { data } = await expectTRPCError(
        client.tasks.list.query({ projectId: randomUUID() }),
        "NOT_FOUND",
      );
      expect(data.field).toBe("projectId");
      const list = (input: unknown) => client.tasks.list.query(input as never);
      await expectFieldErrors(list({}), ["projectId"]);
      await expectFieldErrors(list({ projectId: ids.project, status: "open" }), ["status"]);
      await expectFieldErrors(list({ projectId: ids.project, delegationStatus: "paused" }), [
        "delegationStatus",
      ]);
      await expectFieldErrors(list({ projectId: ids.project, assigneeType: "robot" }), [
        "assigneeType",
      ]);
      await expectFieldErrors(list({ projectId: ids.project, limit: 0, cursor: "nope" }), [
        "limit",
        "cursor",
      ]);
    });

    it("deletes a task with its dependency links, and answers NOT_FOUND the second time", async () => {
      const { client, newTask } = await setup();
      const [a, b] = [await newTask("a"), await newTask("b")];
      await client.tasks.addDependency.mutate({ taskId: b.id, dependsOnTaskId: a.id });
      expect(await client.tasks.delete.mutate({ id: a.id })).toMatchObject({ id: a.id });
      expect((await client.tasks.dependencies.query({ taskId: b.id })).items).toEqual([]);
      await expectTRPCError(client.tasks.get.query({ id: a.id }), "NOT_FOUND");
      await expectTRPCError(client.tasks.delete.mutate({ id: a.id }), "NOT_FOUND");
      await expectFieldErrors(client.tasks.delete.mutate({} as never), ["id"]);
    });
  });

  describe("dependencies", () => {
    it("adds dependencies and lists what a task waits on and what waits on it", async () => {
      const { client, newTask } = await setup();
      const [a, b, c] = [await newTask("a"), await newTask("b"), await newTask("c")];
      const dependency = await client.tasks.addDependency.mutate({
        taskId: a.id,
        dependsOnTaskId: b.id,
      });
      expect(dependency).toMatchObject({ taskId: a.id, dependsOnTaskId: b.id });
      await client.tasks.addDependency.mutate({ taskId: a.id, dependsOnTaskId: c.id });
      // Adding one again changes nothing.
      await client.tasks.addDependency.mutate({ taskId: a.id, dependsOnTaskId: b.id });
      const waitsOn = await client.tasks.dependencies.query({ taskId: a.id, limit: 1 });
      expect(waitsOn.items.map((task) => task.name)).toEqual(["c"]);
      const rest = await client.tasks.dependencies.query({
        taskId: a.id,
        cursor: waitsOn.nextCursor ?? undefined,
      });
      expect(rest.items.map((task) => task.name)).toEqual(["b"]);
      const dependents = await client.tasks.dependents.query({ taskId: b.id });
      expect(dependents.items.map((task) => task.name)).toEqual(["a"]);
      expect((await client.tasks.dependents.query({ taskId: a.id })).items).toEqual([]);
    });

    it("refuses a dependency that would close a cycle of three, naming its path", async () => {
      const { client, newTask } = await setup();
      const [a, b, c] = [await newTask("A"), await newTask("B"), await newTask("C")];
      await client.tasks.addDependency.mutate({ taskId: a.id, dependsOnTaskId: b.id });
      await client.tasks.addDependency.mutate({ taskId: b.id, dependsOnTaskId: c.id });
      const { message, data } = await expectTRPCError(
        client.tasks.addDependency.mutate({ taskId: c.id, dependsOnTaskId: a.id }),
        "BAD_REQUEST",
      );
      expect(message).toContain('"C" → "A" → "B" → "C"');
      expect(data.field).toBe("dependsOnTaskId");
      expect((await client.tasks.dependencies.query({ taskId: c.id })).items).toEqual([]);
    });

    it("refuses a dependency back onto a task's own dependency, and on itself", async () => {
      const { client, newTask } = await setup();
      const [a, b] = [await newTask("A"), await newTask("B")];
      await client.tasks.addDependency.mutate({ taskId: a.id, dependsOnTaskId: b.id });
      const { message } = await expectTRPCError(
        client.tasks.addDependency.mutate({ taskId: b.id, dependsOnTaskId: a.id }),
        "BAD_REQUEST",
      );
      expect(message).toContain('"B" → "A" → "B"');
      await expectFieldErrors(
        client.tasks.addDependency.mutate({ taskId: a.id, dependsOnTaskId: a.id }),
        ["dependsOnTaskId"],
      );
    });

    it("lets only one of two concurrent adds close a cycle through four tasks", async () => {
      const { client, newTask } = await setup();
      const [a, b, c, d] = [
        await newTask("A"),
        await newTask("B"),
        await newTask("C"),
        await newTask("D"),
      ];
      await client.tasks.addDependency.mutate({ taskId: b.id, dependsOnTaskId: c.id });
      await client.tasks.addDependency.mutate({ taskId: d.id, dependsOnTaskId: a.id });
      const results = await Promise.allSettled([
        client.tasks.addDependency.mutate({ taskId: a.id, dependsOnTaskId: b.id }),
        client.tasks.addDependency.mutate({ taskId: c.id, dependsOnTaskId: d.id }),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    });

    it("refuses tasks of different projects, and names a missing task's field", async () => {
      const { client, ids, newTask } = await setup();
      const [a, elsewhere] = [await newTask("A"), await newTask("Q", ids.otherProject)];
      const other = await expectTRPCError(
        client.tasks.addDependency.mutate({ taskId: a.id, dependsOnTaskId: elsewhere.id }),
        "BAD_REQUEST",
      );
      expect(other.data.field).toBe("dependsOnTaskId");
      for (const [field, input] of [
        ["taskId", { taskId: randomUUID(), dependsOnTaskId: a.id }],
        ["dependsOnTaskId", { taskId: a.id, dependsOnTaskId: randomUUID() }],
      ] as const) {
        const { data } = await expectTRPCError(
          client.tasks.addDependency.mutate(input),
          "NOT_FOUND",
        );
        expect(data.field).toBe(field);
      }
    });

    it("removes a dependency, and answers NOT_FOUND for one that does not exist", async () => {
      const { client, newTask } = await setup();
      const [a, b] = [await newTask("A"), await newTask("B")];
      await client.tasks.addDependency.mutate({ taskId: a.id, dependsOnTaskId: b.id });
      expect(
        await client.tasks.removeDependency.mutate({ taskId: a.id, dependsOnTaskId: b.id }),
      ).toEqual({ removed: true });
      expect((await client.tasks.dependencies.query({ taskId: a.id })).items).toEqual([]);
      await expectTRPCError(
        client.tasks.removeDependency.mutate({ taskId: a.id, dependsOnTaskId: b.id }),
        "NOT_FOUND",
      );
    });

    it("rejects bad input and missing tasks for every dependency procedure", async () => {
      const { client } = await setup();
      const bad = { taskId: "a", dependsOnTaskId: 7 } as never;
      await expectFieldErrors(client.tasks.addDependency.mutate(bad), [
        "taskId",
        "dependsOnTaskId",
      ]);
      await expectFieldErrors(client.tasks.removeDependency.mutate(bad), [
        "taskId",
        "dependsOnTaskId",
      ]);
      await expectFieldErrors(client.tasks.dependencies.query({ taskId: "a" } as never), [
        "taskId",
      ]);
      await expectFieldErrors(client.tasks.dependents.query({ taskId: randomUUID(), limit: 101 }), [
        "limit",
      ]);
      await expectFieldErrors(client.tasks.ready.query({} as never), ["projectId"]);
      await expectTRPCError(client.tasks.dependencies.query({ taskId: randomUUID() }), "NOT_FOUND");
      await expectTRPCError(client.tasks.dependents.query({ taskId: randomUUID() }), "NOT_FOUND");
      await expectTRPCError(client.tasks.ready.query({ projectId: randomUUID() }), "NOT_FOUND");
    });
  });

  describe("ready", () => {
    it("answers the open tasks whose dependencies are all completed", async () => {
      const { client, ids, newTask } = await setup();
      const design = await newTask("design");
      const build = await newTask("build");
      const ship = await newTask("ship");
      const dropped = await newTask("dropped");
      await newTask("elsewhere", ids.otherProject);
      await client.tasks.addDependency.mutate({ taskId: build.id, dependsOnTaskId: design.id });
      await client.tasks.addDependency.mutate({ taskId: ship.id, dependsOnTaskId: build.id });
      await client.tasks.addDependency.mutate({ taskId: ship.id, dependsOnTaskId: design.id });
      await client.tasks.update.mutate({ id: dropped.id, status: "cancelled" });
      const ready = async () =>
        (await client.tasks.ready.query({ projectId: ids.project })).items.map((task) => task.name);

      expect(await ready()).toEqual(["design"]);
      await client.tasks.update.mutate({ id: design.id, status: "completed" });
      expect(await ready()).toEqual(["build"]);
      await client.tasks.update.mutate({ id: build.id, status: "failed" });
      expect(await ready()).toEqual(["build"]);
      await client.tasks.update.mutate({ id: build.id, status: "completed" });
      expect(await ready()).toEqual(["ship"]);
    });
  });
});
