import { randomUUID } from "node:crypto";
import { agentInvocations, agentSteps, projects, toolCalls } from "@steward/db";
import { insertOneRowInEveryTable } from "@steward/db/testing";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

const order = ["analysis", "approaches", "judging", "implementation", "pr", "completed"] as const;

async function expectInvalidState(call: Promise<unknown>, ...fragments: string[]) {
  const { message, data } = await expectTRPCError(call, "PRECONDITION_FAILED");
  expect(data.appCode).toBe("INVALID_STATE");
  for (const fragment of fragments) expect(message).toContain(fragment);
  return message;
}

describe("runs router", () => {
  const server = useTestServer();

  it("creates a run in analysis with its first attempt running, and gets and lists it", async () => {
    const { workspaceId, client } = await server.workspace();
    const ids = await insertOneRowInEveryTable(server.db, workspaceId);
    const run = await client.runs.create.mutate({
      title: "Build login",
      request: "Users need to log in",
      projectId: ids.project,
      featureId: ids.feature,
      sandboxId: ids.sandbox,
      input: { branch: "main" },
    });
    expect(run).toMatchObject({
      title: "Build login",
      currentPhase: "analysis",
      projectId: ids.project,
      input: { branch: "main" },
      finishedAt: null,
      error: null,
    });
    expect(await client.runs.get.query({ id: run.id })).toEqual(run);
    const phases = await client.runs.phaseResults.query({ runId: run.id });
    expect(phases.map((p) => [p.phase, p.attempt, p.status])).toEqual([["analysis", 1, "running"]]);

    const other = await client.runs.create.mutate({ title: "Unfiled" });
    await client.runs.advance.mutate({ id: other.id });
    const inProject = await client.runs.list.query({ projectId: ids.project });
    expect(inProject.items.map((r) => r.id).sort()).toEqual([run.id, ids.run].sort());
    const approaching = await client.runs.list.query({ currentPhase: "approaches" });
    expect(approaching.items.map((r) => r.id)).toEqual([other.id]);
    const first = await client.runs.list.query({ limit: 2 });
    expect(first.nextCursor).toBeTypeOf("string");
    const second = await client.runs.list.query({ limit: 2, cursor: first.nextCursor ?? "" });
    expect([...first.items, ...second.items].map((r) => r.id).sort()).toEqual(
      [run.id, other.id, ids.run].sort(),
    );
    expect(second.nextCursor).toBeNull();
  });

  it("checks that the project, feature and sandbox a run names exist in the workspace", async () => {
    const { workspaceId, client } = await server.workspace();
    const ids = await insertOneRowInEveryTable(server.db, workspaceId);
    for (const field of ["projectId", "featureId", "sandboxId"]) {
      const { data } = await expectTRPCError(
        client.runs.create.mutate({ title: "x", [field]: randomUUID() }),
        "NOT_FOUND",
      );
      expect(data.field).toBe(field);
    }
    const [elsewhere] = await server.db
      .insert(projects)
      .values({ workspaceId, name: "Other", mode: "evolution", rootPath: "/srv/other" })
      .returning();
    const { data } = await expectTRPCError(
      client.runs.create.mutate({ title: "x", projectId: elsewhere?.id, featureId: ids.feature }),
      "BAD_REQUEST",
    );
    expect(data.field).toBe("featureId");
  });

  it("advances through seed 001's phases in order, passing each attempt with its output", async () => {
    const { client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Pipeline" });
    for (const [index, from] of order.slice(0, -1).entries()) {
      const moved = await client.runs.advance.mutate({
        id: run.id,
        expectedPhase: from,
        output: { done: from },
      });
      expect(moved.currentPhase).toBe(order[index + 1]);
    }
    const completed = await client.runs.get.query({ id: run.id });
    expect(completed.currentPhase).toBe("completed");
    expect(completed.finishedAt).toMatch(isoTimestamp);
    const phases = await client.runs.phaseResults.query({ runId: run.id });
    expect(phases.map((p) => [p.phase, p.status, p.output])).toEqual(
      order.slice(0, -1).map((phase) => [phase, "passed", { done: phase }]),
    );
    for (const phase of phases) expect(phase.finishedAt).toMatch(isoTimestamp);
  });

  it("refuses an advance that names a phase the run has left, so a retry cannot skip one", async () => {
    const { client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Retry" });
    await client.runs.advance.mutate({ id: run.id, expectedPhase: "analysis" });
    await expectInvalidState(
      client.runs.advance.mutate({ id: run.id, expectedPhase: "analysis" }),
      "in approaches",
      "from analysis to approaches",
    );
    await expectInvalidState(
      client.runs.advance.mutate({ id: run.id, expectedPhase: "judging" }),
      "from judging to implementation",
    );
    expect((await client.runs.get.query({ id: run.id })).currentPhase).toBe("approaches");
  });

  it("lets exactly one of two concurrent advances from the same phase win", async () => {
    const { client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Race" });
    const outcomes = await Promise.allSettled([
      client.runs.advance.mutate({ id: run.id, expectedPhase: "analysis" }),
      client.runs.advance.mutate({ id: run.id, expectedPhase: "analysis" }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const phases = await client.runs.phaseResults.query({ runId: run.id });
    expect(phases.map((p) => [p.phase, p.status])).toEqual([
      ["analysis", "passed"],
      ["approaches", "running"],
    ]);
  });

  it("fails a run from any phase that is not final, failing the current attempt", async () => {
    const { client } = await server.workspace();
    for (const [steps, phase] of order.slice(0, -1).entries()) {
      const run = await client.runs.create.mutate({ title: `Fails in ${phase}` });
      for (let i = 0; i < steps; i++) await client.runs.advance.mutate({ id: run.id });
      const failed = await client.runs.fail.mutate({ id: run.id, error: "model refused" });
      expect(failed).toMatchObject({ currentPhase: "failed", error: "model refused" });
      expect(failed.finishedAt).toMatch(isoTimestamp);
      const attempts = await client.runs.phaseResults.query({ runId: run.id });
      expect(attempts.at(-1)).toMatchObject({ phase, status: "failed", error: "model refused" });
    }
  });

  it("refuses to advance or fail a completed or failed run, naming its phase", async () => {
    const { client } = await server.workspace();
    const done = await client.runs.create.mutate({ title: "Done" });
    for (let i = 0; i < 5; i++) await client.runs.advance.mutate({ id: done.id });
    await expectInvalidState(client.runs.advance.mutate({ id: done.id }), "completed", "final");
    await expectInvalidState(
      client.runs.fail.mutate({ id: done.id, error: "late" }),
      "from completed to failed",
    );
    const broken = await client.runs.create.mutate({ title: "Broken" });
    await client.runs.fail.mutate({ id: broken.id, error: "boom" });
    await expectInvalidState(client.runs.advance.mutate({ id: broken.id }), "failed", "final");
    await expectInvalidState(
      client.runs.fail.mutate({ id: broken.id, error: "again" }),
      "from failed to failed",
    );
    await expectInvalidState(
      client.runs.fail.mutate({ id: broken.id, error: "x", expectedPhase: "analysis" }),
      "in failed, not analysis",
    );
  });

  it("records output on a running attempt only, and an advance without output keeps it", async () => {
    const { client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Output" });
    const [analysis] = await client.runs.phaseResults.query({ runId: run.id });
    if (!analysis) throw new Error("no attempt");
    const recorded = await client.runs.recordPhaseOutput.mutate({
      phaseResultId: analysis.id,
      output: { files: 3 },
    });
    expect(recorded).toMatchObject({ status: "running", output: { files: 3 } });
    await client.runs.advance.mutate({ id: run.id });
    const [passed] = await client.runs.phaseResults.query({ runId: run.id });
    expect(passed).toMatchObject({ status: "passed", output: { files: 3 } });
    await expectInvalidState(
      client.runs.recordPhaseOutput.mutate({ phaseResultId: analysis.id, output: 1 }),
      "from running to passed",
    );
  });

  it("answers bad input with BAD_REQUEST naming each wrong field", async () => {
    const { client } = await server.workspace();
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = client as any;
    await expectFieldErrors(untyped.runs.create.mutate({}), ["title"]);
    await expectFieldErrors(client.runs.create.mutate({ title: "x".repeat(201) }), ["title"]);
    await expectFieldErrors(untyped.runs.create.mutate({ title: "x", projectId: "p", input: 1 }), [
      "projectId",
    ]);
    await expectFieldErrors(untyped.runs.get.query({ id: 7 }), ["id"]);
    await expectFieldErrors(untyped.runs.list.query({ currentPhase: "shipping", limit: 0 }), [
      "currentPhase",
      "limit",
    ]);
    await expectFieldErrors(untyped.runs.advance.mutate({ id: "x", expectedPhase: "done" }), [
      "id",
      "expectedPhase",
    ]);
    await expectFieldErrors(untyped.runs.fail.mutate({ id: randomUUID(), error: " " }), ["error"]);
    await expectFieldErrors(untyped.runs.fail.mutate({ id: randomUUID() }), ["error"]);
    await expectFieldErrors(untyped.runs.phaseResults.query({}), ["runId"]);
    await expectFieldErrors(
      untyped.runs.recordPhaseOutput.mutate({ phaseResultId: randomUUID() }),
      ["output"],
    );
    await expectFieldErrors(untyped.runs.tree.query({ runId: "nope" }), ["runId"]);
  });

  it("answers NOT_FOUND for ids that do not exist", async () => {
    const { client } = await server.workspace();
    const missing = randomUUID();
    await expectTRPCError(client.runs.get.query({ id: missing }), "NOT_FOUND");
    await expectTRPCError(client.runs.advance.mutate({ id: missing }), "NOT_FOUND");
    await expectTRPCError(client.runs.fail.mutate({ id: missing, error: "x" }), "NOT_FOUND");
    await expectTRPCError(client.runs.phaseResults.query({ runId: missing }), "NOT_FOUND");
    await expectTRPCError(client.runs.tree.query({ runId: missing }), "NOT_FOUND");
    const { data } = await expectTRPCError(
      client.runs.recordPhaseOutput.mutate({ phaseResultId: missing, output: {} }),
      "NOT_FOUND",
    );
    expect(data.field).toBe("phaseResultId");
  });
});

describe("runs.tree", () => {
  const server = useTestServer();
  const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second));

  it("nests invocations under their phases and parents, with ordered steps and tool calls", async () => {
    const { workspaceId, client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Tree" });
    const other = await client.runs.create.mutate({ title: "Other run" });
    await client.runs.advance.mutate({ id: run.id, output: "analysed" });
    const [analysis, approaches] = await client.runs.phaseResults.query({ runId: run.id });
    if (!analysis || !approaches) throw new Error("phases missing");

    const ws = { workspaceId, runId: run.id };
    const id = Object.fromEntries(
      ["root", "early", "late", "grandchild", "judge", "loose", "foreign"].map((k) => [
        k,
        randomUUID(),
      ]),
    ) as Record<string, string>;
    await server.db.insert(agentInvocations).values([
      {
        ...ws,
        id: id.root,
        agentType: "orchestrator",
        phaseResultId: analysis.id,
        startedAt: at(0),
      },
      // Inserted before its elder sibling: the tree orders siblings by start time.
      { ...ws, id: id.late, agentType: "explorer", parentInvocationId: id.root, startedAt: at(5) },
      { ...ws, id: id.early, agentType: "explorer", parentInvocationId: id.root, startedAt: at(2) },
      {
        ...ws,
        id: id.grandchild,
        agentType: "coder",
        parentInvocationId: id.early,
        startedAt: at(3),
      },
      { ...ws, id: id.judge, agentType: "judge", phaseResultId: approaches.id, startedAt: at(9) },
      { ...ws, id: id.loose, agentType: "meta_judge", startedAt: at(1) },
      { workspaceId, runId: other.id, id: id.foreign, agentType: "coder" },
    ]);
    const steps = [2, 0, 1].map((stepNumber) => ({
      workspaceId,
      id: randomUUID(),
      invocationId: id.early as string,
      stepNumber,
      text: `step ${stepNumber}`,
    }));
    await server.db.insert(agentSteps).values(steps);
    const step0 = steps.find((s) => s.stepNumber === 0) as (typeof steps)[number];
    await server.db.insert(toolCalls).values(
      ["read_file", "grep"].map((toolName, index) => ({
        workspaceId,
        invocationId: id.early as string,
        stepId: step0.id,
        toolCallId: `call_${index}`,
        toolName,
        createdAt: at(10 + index),
      })),
    );

    const tree = await client.runs.tree.query({ runId: run.id });
    expect(tree.run.id).toBe(run.id);
    expect(tree.phases.map((p) => [p.phase, p.status, p.output])).toEqual([
      ["analysis", "passed", "analysed"],
      ["approaches", "running", null],
    ]);
    const [analysisNode, approachesNode] = tree.phases;
    expect(analysisNode?.invocations.map((i) => i.id)).toEqual([id.root]);
    const root = analysisNode?.invocations[0];
    expect(root?.children.map((i) => i.id)).toEqual([id.early, id.late]);
    const early = root?.children[0];
    expect(early?.children.map((i) => i.id)).toEqual([id.grandchild]);
    expect(early?.children[0]?.children).toEqual([]);
    expect(early?.steps.map((s) => s.stepNumber)).toEqual([0, 1, 2]);
    expect(early?.steps[0]?.toolCalls.map((c) => c.toolName)).toEqual(["read_file", "grep"]);
    expect(early?.steps[1]?.toolCalls).toEqual([]);
    expect(approachesNode?.invocations.map((i) => i.id)).toEqual([id.judge]);
    expect(tree.unattachedInvocations.map((i) => i.id)).toEqual([id.loose]);
    expect(JSON.stringify(tree)).not.toContain(id.foreign);
  });

  it("reads a run of 1,000 steps and 3,000 tool calls whole", async () => {
    const { workspaceId, client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Big" });
    const [analysis] = await client.runs.phaseResults.query({ runId: run.id });
    const invocationIds = Array.from({ length: 10 }, () => randomUUID());
    await server.db.insert(agentInvocations).values(
      invocationIds.map((id, index) => ({
        workspaceId,
        id,
        runId: run.id,
        agentType: "coder" as const,
        phaseResultId: analysis?.id,
        startedAt: at(index),
      })),
    );
    const steps = Array.from({ length: 1000 }, (_, index) => ({
      workspaceId,
      id: randomUUID(),
      invocationId: invocationIds[index % 10] as string,
      stepNumber: Math.floor(index / 10),
    }));
    await server.db.insert(agentSteps).values(steps);
    const calls = steps.flatMap((step) =>
      [0, 1, 2].map((n) => ({
        workspaceId,
        invocationId: step.invocationId,
        stepId: step.id,
        toolCallId: `call_${n}`,
        toolName: "bash",
        input: { command: "ls" },
      })),
    );
    for (let i = 0; i < calls.length; i += 1000) {
      await server.db.insert(toolCalls).values(calls.slice(i, i + 1000));
    }

    const tree = await client.runs.tree.query({ runId: run.id });
    const invocations = tree.phases[0]?.invocations ?? [];
    expect(invocations.map((i) => i.id)).toEqual(invocationIds);
    expect(invocations.every((i) => i.steps.length === 100)).toBe(true);
    expect(invocations[3]?.steps.map((s) => s.stepNumber)).toEqual([...Array(100).keys()]);
    const callCount = invocations.flatMap((i) => i.steps).flatMap((s) => s.toolCalls).length;
    expect(callCount).toBe(3000);
  });
});
