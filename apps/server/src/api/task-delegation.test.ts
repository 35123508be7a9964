import { randomUUID } from "node:crypto";
import { createApiKey, projects, users } from "@steward/db";
import { describe, expect, it } from "vitest";
import {
  allScopes,
  expectFieldErrors,
  expectTRPCError,
  isoTimestamp,
  useTestServer,
} from "../testing";

type Action = "assign" | "start" | "pause" | "block" | "unblock" | "complete" | "cancel";
type State = "unassigned" | "assigned" | "started" | "paused" | "blocked" | "completed";

/** The rules, written out again so the test holds the implementation to them. */
const allowedFrom: Record<Action, State[]> = {
  assign: ["unassigned"],
  start: ["assigned", "paused"],
  pause: ["started"],
  block: ["assigned", "started", "paused"],
  unblock: ["blocked"],
  complete: ["started"],
  cancel: ["assigned", "started", "paused", "blocked"],
};
const actions = Object.keys(allowedFrom) as Action[];

/** How each state is reached from a new task, and what it looks like. */
const statePaths: Record<State, { path: Action[]; delegation: string; assignment: string | null }> =
  {
    unassigned: { path: [], delegation: "unassigned", assignment: null },
    assigned: { path: ["assign"], delegation: "assigned", assignment: "assigned" },
    started: { path: ["assign", "start"], delegation: "in_progress", assignment: "started" },
    paused: {
      path: ["assign", "start", "pause"],
      delegation: "in_progress",
      assignment: "paused",
    },
    blocked: { path: ["assign", "block"], delegation: "blocked", assignment: "paused" },
    completed: { path: ["assign", "start", "complete"], delegation: "completed", assignment: null },
  };

describe("task delegation", () => {
  const server = useTestServer();

  /** A workspace whose key acts for a user, with a project and an agent. */
  async function setup() {
    const ws = await server.workspace();
    const workspaceId = ws.workspaceId;
    const userId = randomUUID();
    await server.db.insert(users).values({ workspaceId, id: userId, email: `${userId}@x.test` });
    const { plainKey } = await createApiKey(server.db, {
      workspaceId,
      name: "user key",
      scopes: allScopes,
      userId,
    });
    const client = server.clientFor(plainKey);
    const projectId = randomUUID();
    await server.db
      .insert(projects)
      .values({ workspaceId, id: projectId, name: "P", mode: "genesis", rootPath: "/srv/p" });
    const newAgent = (slug: string) =>
      client.agents.create.mutate({ name: slug, slug, type: "backend-engineer", mode: "build" });
    const agent = await newAgent("coder");
    const newTask = (name = "T") => client.tasks.create.mutate({ projectId, name });

    const act = (action: Action, taskId: string) => {
      const t = client.tasks;
      switch (action) {
        case "assign":
          return t.assign.mutate({ taskId, agentId: agent.id });
        case "block":
          return t.block.mutate({ taskId, reason: "waiting for credentials" });
        default:
          return t[action].mutate({ taskId });
      }
    };
    const taskIn = async (state: State) => {
      const task = await newTask(state);
      for (const action of statePaths[state].path) await act(action, task.id);
      return task;
    };
    const stateOf = async (taskId: string) => ({
      delegation: (await client.tasks.get.query({ id: taskId })).delegationStatus,
      assignment: (await client.tasks.currentAssignment.query({ taskId }))?.status ?? null,
    });
    return { ...ws, client, userId, projectId, agent, newAgent, newTask, act, taskIn, stateOf };
  }

  describe("transitions", () => {
    it("assigns a task to an agent, recording who assigned it", async () => {
      const { client, agent, newTask, userId } = await setup();
      const task = await newTask();
      const { task: assigned, assignment } = await client.tasks.assign.mutate({
        taskId: task.id,
        agentId: agent.id,
        notes: "start with the schema",
        context: { branch: "feat/x" },
      });
      expect(assignment).toMatchObject({
        taskId: task.id,
        agentId: agent.id,
        assignedBy: userId,
        status: "assigned",
        notes: "start with the schema",
        context: { branch: "feat/x" },
        startedAt: null,
        completedAt: null,
      });
      expect(assigned).toMatchObject({
        assigneeType: "agent",
        assigneeId: agent.id,
        delegationStatus: "assigned",
        delegationContext: { branch: "feat/x" },
        status: "pending",
      });
    });

    it("records no assigner for a key that acts for no user", async () => {
      const { client, workspaceId } = await server.workspace();
      const agent = await client.agents.create.mutate({
        name: "a",
        slug: "a",
        type: "t",
        mode: "m",
      });
      const projectId = randomUUID();
      await server.db
        .insert(projects)
        .values({ workspaceId, id: projectId, name: "P", mode: "genesis", rootPath: "/p" });
      const task = await client.tasks.create.mutate({ projectId, name: "T" });
      const { assignment } = await client.tasks.assign.mutate({
        taskId: task.id,
        agentId: agent.id,
      });
      expect(assignment.assignedBy).toBeNull();
    });

    it("refuses a missing or archived agent, and takes an inactive one", async () => {
      const { client, newAgent, newTask } = await setup();
      const task = await newTask();
      const missing = await expectTRPCError(
        client.tasks.assign.mutate({ taskId: task.id, agentId: randomUUID() }),
        "NOT_FOUND",
      );
      expect(missing.data.field).toBe("agentId");
      const archived = await newAgent("retired");
      await client.agents.archive.mutate({ id: archived.id });
      const refused = await expectTRPCError(
        client.tasks.assign.mutate({ taskId: task.id, agentId: archived.id }),
        "PRECONDITION_FAILED",
      );
      expect(refused.data.appCode).toBe("INVALID_STATE");
      expect(refused.message).toMatch(/archived.*active/);
      const inactive = await newAgent("resting");
      await client.agents.update.mutate({ id: inactive.id, status: "inactive" });
      const { task: assigned } = await client.tasks.assign.mutate({
        taskId: task.id,
        agentId: inactive.id,
      });
      expect(assigned.assigneeId).toBe(inactive.id);
    });

    it("refuses to reassign while an assignment is active, until it is cancelled", async () => {
      const { client, agent, newAgent, taskIn } = await setup();
      const task = await taskIn("started");
      const other = await newAgent("other");
      const { message, data } = await expectTRPCError(
        client.tasks.assign.mutate({ taskId: task.id, agentId: other.id }),
        "PRECONDITION_FAILED",
      );
      expect(data.appCode).toBe("INVALID_STATE");
      expect(message).toContain("its delegation is started");
      expect(message).toContain("cancel the current assignment first");
      await client.tasks.cancel.mutate({ taskId: task.id });
      const { task: reassigned } = await client.tasks.assign.mutate({
        taskId: task.id,
        agentId: other.id,
      });
      expect(reassigned).toMatchObject({ assigneeId: other.id, delegationStatus: "assigned" });
      expect(reassigned.assigneeId).not.toBe(agent.id);
    });

    it("starts, pauses and resumes, stamping the start once", async () => {
      const { client, act, taskIn } = await setup();
      const task = await taskIn("assigned");
      const started = await client.tasks.start.mutate({ taskId: task.id });
      expect(started.assignment).toMatchObject({ status: "started" });
      expect(started.assignment.startedAt).toMatch(isoTimestamp);
      expect(started.task).toMatchObject({
        delegationStatus: "in_progress",
        status: "in_progress",
      });
      expect(started.task.startedAt).toMatch(isoTimestamp);

      const paused = await client.tasks.pause.mutate({ taskId: task.id });
      expect(paused.assignment.status).toBe("paused");
      expect(paused.task).toMatchObject({ delegationStatus: "in_progress", status: "in_progress" });

      const resumed = await act("start", task.id);
      expect(resumed.assignment.startedAt).toEqual(started.assignment.startedAt);
      expect(resumed.task.startedAt).toEqual(started.task.startedAt);
    });

    it("blocks started work with a reason and unblocks it to paused, resumed by start", async () => {
      const { client, taskIn } = await setup();
      const task = await taskIn("started");
      const blocked = await client.tasks.block.mutate({ taskId: task.id, reason: "no API key" });
      expect(blocked.assignment.status).toBe("paused");
      expect(blocked.task).toMatchObject({
        delegationStatus: "blocked",
        status: "blocked",
        blockedBy: "no API key",
      });
      const unblocked = await client.tasks.unblock.mutate({ taskId: task.id });
      expect(unblocked.assignment.status).toBe("paused");
      expect(unblocked.task).toMatchObject({
        delegationStatus: "in_progress",
        status: "in_progress",
        blockedBy: null,
      });
      const resumed = await client.tasks.start.mutate({ taskId: task.id });
      expect(resumed.assignment.status).toBe("started");
    });

    it("unblocks work that never started back to assigned", async () => {
      const { client, taskIn } = await setup();
      const task = await taskIn("blocked");
      const unblocked = await client.tasks.unblock.mutate({ taskId: task.id });
      expect(unblocked.assignment).toMatchObject({ status: "assigned", startedAt: null });
      expect(unblocked.task).toMatchObject({
        delegationStatus: "assigned",
        status: "pending",
        blockedBy: null,
      });
    });

    it("completes started work with its actual time, leaving the assignment row otherwise as it was", async () => {
      const { client, taskIn } = await setup();
      const task = await taskIn("started");
      const [before] = (await client.tasks.assignmentHistory.query({ taskId: task.id })).items;
      const done = await client.tasks.complete.mutate({ taskId: task.id, actualHours: 1.5 });
      expect(done.assignment).toMatchObject({ status: "completed" });
      expect(done.assignment.completedAt).toMatch(isoTimestamp);
      expect(done.task).toMatchObject({
        delegationStatus: "completed",
        status: "completed",
        actualMinutes: 90,
        actualHours: 1.5,
      });
      expect(done.task.completedAt).toMatch(isoTimestamp);
      const { status: _s, completedAt: _c, updatedAt: _u, ...kept } = before ?? {};
      expect(done.assignment).toMatchObject(kept);
      expect(await client.tasks.currentAssignment.query({ taskId: task.id })).toBeNull();

      const other = await taskIn("started");
      const byMinutes = await client.tasks.complete.mutate({ taskId: other.id, actualMinutes: 45 });
      expect(byMinutes.task).toMatchObject({ actualMinutes: 45, actualHours: 0.75 });
    });

    it("cancels an assignment: the task is unassigned and back to pending", async () => {
      const { client, taskIn } = await setup();
      const task = await taskIn("started");
      const cancelled = await client.tasks.cancel.mutate({ taskId: task.id });
      expect(cancelled.assignment.status).toBe("cancelled");
      expect(cancelled.task).toMatchObject({
        delegationStatus: "unassigned",
        assigneeType: null,
        assigneeId: null,
        status: "pending",
      });
      const blocked = await taskIn("blocked");
      const unblocked = await client.tasks.cancel.mutate({ taskId: blocked.id });
      expect(unblocked.task).toMatchObject({ status: "pending", blockedBy: null });
    });

    it.each(Object.keys(statePaths) as State[])(
      "refuses every action the rules do not allow from %s, and changes nothing",
      async (state) => {
        const { act, taskIn, stateOf } = await setup();
        const task = await taskIn(state);
        const { delegation, assignment } = statePaths[state];
        expect(await stateOf(task.id)).toEqual({ delegation, assignment });
        const refused = actions.filter((action) => !allowedFrom[action].includes(state));
        expect(refused.length).toBeGreaterThan(0);
        for (const action of refused) {
          const { message, data } = await expectTRPCError(
            act(action, task.id),
            "PRECONDITION_FAILED",
          );
          expect(data.appCode, action).toBe("INVALID_STATE");
          expect(message).toContain(`Cannot ${action} the task: its delegation is ${state}`);
          expect(message).toMatch(/ to \S+/);
          expect(await stateOf(task.id)).toEqual({ delegation, assignment });
        }
      },
    );

    it("answers NOT_FOUND naming taskId for every action on a missing task", async () => {
      const { act } = await setup();
      for (const action of actions) {
        const { data } = await expectTRPCError(act(action, randomUUID()), "NOT_FOUND");
        expect(data.field, action).toBe("taskId");
      }
    });
  });

  describe("relationships", () => {
    it("keeps every assignment as history, oldest first, page by page", async () => {
      const { client, agent, newAgent, taskIn } = await setup();
      const task = await taskIn("started");
      await client.tasks.cancel.mutate({ taskId: task.id });
      const second = await newAgent("second");
      await client.tasks.assign.mutate({ taskId: task.id, agentId: second.id });

      const first = await client.tasks.assignmentHistory.query({ taskId: task.id, limit: 1 });
      expect(first.items.map((a) => [a.agentId, a.status])).toEqual([[agent.id, "cancelled"]]);
      const rest = await client.tasks.assignmentHistory.query({
        taskId: task.id,
        cursor: first.nextCursor ?? undefined,
      });
      expect(rest.items.map((a) => [a.agentId, a.status])).toEqual([[second.id, "assigned"]]);
      expect(rest.nextCursor).toBeNull();
      const current = await client.tasks.currentAssignment.query({ taskId: task.id });
      expect(current).toMatchObject({ agentId: second.id, status: "assigned" });
    });

    it("answers null as the current assignment of a task never assigned", async () => {
      const { client, newTask } = await setup();
      const task = await newTask();
      expect(await client.tasks.currentAssignment.query({ taskId: task.id })).toBeNull();
      expect((await client.tasks.assignmentHistory.query({ taskId: task.id })).items).toEqual([]);
    });

    it("lists an agent's active assignments and the tasks it is assignee of", async () => {
      const { client, agent, taskIn } = await setup();
      const active = [await taskIn("assigned"), await taskIn("started"), await taskIn("paused")];
      const blocked = await taskIn("blocked");
      const completed = await taskIn("completed");
      const cancelled = await taskIn("assigned");
      await client.tasks.cancel.mutate({ taskId: cancelled.id });

      const assignments = await client.tasks.agentActiveAssignments.query({ agentId: agent.id });
      expect(assignments.items.map((a) => a.taskId).sort()).toEqual(
        [...active, blocked].map((t) => t.id).sort(),
      );
      const page = await client.tasks.agentAssignedTasks.query({ agentId: agent.id, limit: 4 });
      expect(page.items.map((t) => t.name)).toEqual(["completed", "blocked", "paused", "started"]);
      const rest = await client.tasks.agentAssignedTasks.query({
        agentId: agent.id,
        cursor: page.nextCursor ?? undefined,
      });
      expect(rest.items.map((t) => t.name)).toEqual(["assigned"]);
      expect(page.items[0]?.id).toBe(completed.id);
    });

    it("answers NOT_FOUND for a missing task or agent", async () => {
      const { client } = await setup();
      const missing = randomUUID();
      for (const call of [
        client.tasks.currentAssignment.query({ taskId: missing }),
        client.tasks.assignmentHistory.query({ taskId: missing }),
      ]) {
        expect((await expectTRPCError(call, "NOT_FOUND")).data.field).toBe("taskId");
      }
      for (const call of [
        client.tasks.agentActiveAssignments.query({ agentId: missing }),
        client.tasks.agentAssignedTasks.query({ agentId: missing }),
      ]) {
        expect((await expectTRPCError(call, "NOT_FOUND")).data.field).toBe("agentId");
      }
    });
  });

  it("rejects bad input for every delegation procedure with the fields named", async () => {
    const { client, agent, newTask } = await setup();
    const task = await newTask();
    const t = client.tasks;
    const bad = <T>(input: unknown) => input as T;
    await expectFieldErrors(t.assign.mutate(bad({ taskId: "x" })), ["taskId", "agentId"]);
    await expectFieldErrors(
      t.assign.mutate(
        bad({ taskId: task.id, agentId: agent.id, notes: "x".repeat(100_001), context: [1] }),
      ),
      ["notes", "context"],
    );
    for (const action of ["start", "pause", "unblock", "cancel"] as const) {
      await expectFieldErrors(t[action].mutate(bad({ taskId: 42 })), ["taskId"]);
    }
    await expectFieldErrors(t.block.mutate(bad({ taskId: task.id, reason: " " })), ["reason"]);
    await expectFieldErrors(t.block.mutate(bad({ taskId: task.id, reason: "x".repeat(1_001) })), [
      "reason",
    ]);
    await expectFieldErrors(t.block.mutate(bad({ taskId: task.id })), ["reason"]);
    await expectFieldErrors(t.complete.mutate({ taskId: task.id, actualMinutes: -5 }), [
      "actualMinutes",
    ]);
    await expectFieldErrors(
      t.complete.mutate({ taskId: task.id, actualMinutes: 5, actualHours: 1 }),
      ["actualHours"],
    );
    await expectFieldErrors(t.currentAssignment.query(bad({})), ["taskId"]);
    await expectFieldErrors(t.assignmentHistory.query({ taskId: task.id, limit: 1_000 }), [
      "limit",
    ]);
    await expectFieldErrors(t.agentActiveAssignments.query(bad({ agentId: "coder" })), ["agentId"]);
    await expectFieldErrors(t.agentAssignedTasks.query(bad({ agentId: agent.id, cursor: 1 })), [
      "cursor",
    ]);
  });
});
