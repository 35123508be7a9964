import { randomUUID } from "node:crypto";
import { agentInvocations, agentSteps, type Database, toolCalls } from "@steward/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, isoTimestamp, useTestServer } from "../testing";

const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second));

const keys = {
  run: "branchName cacheReadTokens cacheWriteTokens costUsd createdAt currentPhase featureId finishedAt id inputTokens outputTokens projectId pullRequestUrl reasoningTokens sandboxId startedAt stepCount title totalTokens unpricedStepCount updatedAt workspaceId",
  phase: "attempt finishedAt id phase startedAt status",
  invocation:
    "agentId agentName agentType cacheReadTokens cacheWriteTokens conversationId conversationKey costUsd createdAt finishedAt hasError id inputTokens model outputTokens parentInvocationId phaseResultId reasoningTokens runId startedAt status stepCount taskId totalTokens traceId unpricedStepCount updatedAt workspaceId",
  step: "cacheReadTokens cacheWriteTokens costUsd finishReason finishedAt id inputTokens invocationId model outputTokens reasoningTokens startedAt stepNumber totalTokens",
  toolCall: "finishedAt hasError id outputType startedAt status stepId toolName",
};
const pick = (row: object, names: string) =>
  Object.fromEntries(
    names.split(" ").map((name) => [name, (row as Record<string, unknown>)[name]]),
  );
const keysOf = (row: object | undefined) =>
  Object.keys(row ?? {})
    .sort()
    .join(" ");

/** Invocations, steps (with text) and tool calls (with input, output, error) under a run. */
async function seedRunActivity(db: Database, workspaceId: string, runId: string, phaseId: string) {
  const id = { root: randomUUID(), child: randomUUID(), loose: randomUUID() };
  await db.insert(agentInvocations).values([
    {
      workspaceId,
      runId,
      id: id.root,
      agentType: "orchestrator",
      phaseResultId: phaseId,
      input: { goal: "login" },
      startedAt: at(0),
    },
    {
      workspaceId,
      runId,
      id: id.child,
      agentType: "coder",
      parentInvocationId: id.root,
      error: "ran out of budget",
      status: "failed",
      startedAt: at(2),
    },
    { workspaceId, runId, id: id.loose, agentType: "judge", startedAt: at(1) },
  ]);
  const steps = [0, 1, 2].map((stepNumber) => ({
    workspaceId,
    id: randomUUID(),
    invocationId: id.child,
    stepNumber,
    text: `secret text ${stepNumber}`,
    reasoning: `secret reasoning ${stepNumber}`,
    inputTokens: 10 * stepNumber,
    startedAt: at(3 + stepNumber),
  }));
  await db.insert(agentSteps).values(steps);
  const calls = ["read_file", "grep"].map((toolName, index) => ({
    workspaceId,
    id: randomUUID(),
    invocationId: id.child,
    stepId: steps[0]?.id as string,
    toolCallId: `call_${index}`,
    toolName,
    input: { path: `secret-input-${index}` },
    output: `secret output ${index}`,
    error: index === 1 ? "secret error" : null,
    createdAt: at(10 + index),
  }));
  await db.insert(toolCalls).values(calls);
  return { ...id, steps, calls };
}

describe("runView.skeleton and runView.details", () => {
  const server = useTestServer();

  it("answers the tree's rows without their free text and JSON, as flat lists", async () => {
    const { workspaceId, client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "View", request: "secret request" });
    await client.runs.advance.mutate({ id: run.id, output: "secret phase output" });
    const [analysis] = await client.runs.phaseResults.query({ runId: run.id });
    const seeded = await seedRunActivity(server.db, workspaceId, run.id, analysis?.id as string);
    const other = await client.runs.create.mutate({ title: "Other" });
    await server.db
      .insert(agentInvocations)
      .values({ workspaceId, runId: other.id, agentType: "coder", id: randomUUID() });

    const tree = await client.runs.tree.query({ runId: run.id });
    const skeleton = await client.runView.skeleton.query({ runId: run.id });
    type Node = (typeof tree.unattachedInvocations)[number];
    const flatten = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);
    const treeInvocations = flatten([
      ...tree.phases.flatMap((phase) => phase.invocations),
      ...tree.unattachedInvocations,
    ]).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const treeSteps = treeInvocations
      .flatMap((invocation) => invocation.steps)
      .sort((a, b) => (a.invocationId + a.stepNumber).localeCompare(b.invocationId + b.stepNumber));

    expect(skeleton.run).toEqual(pick(tree.run, keys.run));
    expect(skeleton.phases).toEqual(tree.phases.map((phase) => pick(phase, keys.phase)));
    expect(skeleton.invocations).toEqual(
      treeInvocations.map((i) => ({ ...pick(i, keys.invocation), hasError: i.error !== null })),
    );
    expect(skeleton.steps).toEqual(treeSteps.map((step) => pick(step, keys.step)));
    const treeCalls = treeSteps.flatMap((step) => step.toolCalls);
    expect(skeleton.toolCalls).toEqual(
      treeCalls.map((call) => ({ ...pick(call, keys.toolCall), hasError: call.error !== null })),
    );
    expect(skeleton.toolCalls.map((c) => [c.stepId, c.toolName, c.hasError])).toEqual([
      [seeded.steps[0]?.id, "read_file", false],
      [seeded.steps[0]?.id, "grep", true],
    ]);
    expect(skeleton.nextCursor).toBeNull();
    expect(keysOf(skeleton.run)).toBe(keys.run);
    expect(keysOf(skeleton.invocations?.[0])).toBe(keys.invocation);
    expect(keysOf(skeleton.steps[0])).toBe(keys.step);
    expect(keysOf(skeleton.toolCalls[0])).toBe(keys.toolCall);
    expect(skeleton.steps[0]?.startedAt).toMatch(isoTimestamp);
    expect(JSON.stringify(skeleton)).not.toMatch(/secret/);

    const details = await client.runView.details.query({
      stepIds: [seeded.steps[2]?.id as string, randomUUID()],
      toolCallIds: seeded.calls.map((call) => call.id),
      invocationIds: [seeded.root, seeded.child],
    });
    expect(details.steps).toEqual([
      {
        id: seeded.steps[2]?.id,
        text: "secret text 2",
        reasoning: "secret reasoning 2",
        rawFinishReason: null,
        responseId: null,
      },
    ]);
    const byId = <T extends { id: string }>(rows: T[]) =>
      [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(details.toolCalls)).toEqual(
      byId(
        seeded.calls.map(({ id, toolCallId, input, output, error }) => ({
          id,
          toolCallId,
          input,
          output,
          error,
        })),
      ),
    );
    expect(byId(details.invocations)).toEqual(
      byId([
        { id: seeded.root, input: { goal: "login" }, output: null, error: null },
        { id: seeded.child, input: null, output: null, error: "ran out of budget" },
      ]),
    );
    expect(await client.runView.details.query({})).toEqual({
      steps: [],
      toolCalls: [],
      invocations: [],
    });
  });

  it("pages a run of 6,000 steps and 12,000 tool calls, every step exactly once", async () => {
    const { workspaceId, client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Huge" });
    await server.db.execute(sql`
      insert into agent.agent_invocations (workspace_id, run_id, agent_type, started_at)
      select ${workspaceId}::uuid, ${run.id}::uuid, 'coder', now() from generate_series(1, 4)`);
    await server.db.execute(sql`
      insert into agent.agent_steps (workspace_id, invocation_id, step_number, text, input_tokens)
      select i.workspace_id, i.id, n, repeat('x', 200), n
      from agent.agent_invocations i cross join generate_series(0, 1499) n
      where i.workspace_id = ${workspaceId} and i.run_id = ${run.id}`);
    await server.db.execute(sql`
      insert into agent.tool_calls (workspace_id, invocation_id, step_id, tool_call_id, tool_name)
      select s.workspace_id, s.invocation_id, s.id, 'call_' || k, 'bash'
      from agent.agent_steps s cross join generate_series(1, 2) k
      where s.workspace_id = ${workspaceId}`);

    // 2,000 cuts pages inside invocations, 1,500 exactly at their ends.
    for (const limit of [2000, 1500]) {
      const pages = [];
      let cursor: string | undefined;
      do {
        const page = await client.runView.skeleton.query({ runId: run.id, cursor, limit });
        pages.push(page);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(pages.map((page) => page.steps.length)).toEqual(
        limit === 1500 ? [1500, 1500, 1500, 1500] : [2000, 2000, 2000],
      );
      expect(pages.map((page) => page.invocations?.length ?? null)).toEqual(
        limit === 1500 ? [4, null, null, null] : [4, null, null],
      );
      const steps = pages.flatMap((page) => page.steps);
      const keysInOrder = steps.map((s) => `${s.invocationId}:${String(s.stepNumber).padStart(4)}`);
      expect(new Set(steps.map((step) => step.id)).size).toBe(6000);
      expect(keysInOrder).toEqual([...keysInOrder].sort());
      for (const page of pages) {
        const onPage = new Set(page.steps.map((step) => step.id));
        expect(page.toolCalls).toHaveLength(2 * page.steps.length);
        expect(page.toolCalls.every((call) => onPage.has(call.stepId))).toBe(true);
      }
    }
    // Without a limit a page holds the default 500 steps, enough for a timeline's first screens.
    const opened = await client.runView.skeleton.query({ runId: run.id });
    expect([opened.steps.length, opened.toolCalls.length]).toEqual([500, 1000]);
    expect(opened.nextCursor).not.toBeNull();
  });

  it("answers bad input with BAD_REQUEST naming each wrong field", async () => {
    const { client } = await server.workspace();
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = client.runView as any;
    const runId = randomUUID();
    await expectFieldErrors(untyped.skeleton.query({ runId: "nope" }), ["runId"]);
    await expectFieldErrors(untyped.skeleton.query({ runId, cursor: "garbage" }), ["cursor"]);
    await expectFieldErrors(untyped.skeleton.query({ runId, limit: 2001 }), ["limit"]);
    await expectFieldErrors(untyped.trace.query({ invocationId: 7, limit: 0 }), [
      "invocationId",
      "limit",
    ]);
    await expectFieldErrors(untyped.traces.query({ agentType: "wizard" }), ["agentType"]);
    await expectFieldErrors(
      untyped.traces.query({ from: "2025-01-02T00:00:00Z", to: "2025-01-01T00:00:00Z" }),
      ["to"],
    );
    await expectFieldErrors(untyped.traces.query({ from: "yesterday" }), ["from"]);
    const tooMany = Array.from({ length: 101 }, () => randomUUID());
    await expectFieldErrors(untyped.details.query({ stepIds: tooMany }), ["stepIds"]);
    await expectFieldErrors(untyped.details.query({ toolCallIds: ["x"] }), ["toolCallIds.0"]);
    await expectTRPCError(client.runView.skeleton.query({ runId }), "NOT_FOUND");
  });
});

describe("runView.trace and runView.traces", () => {
  const server = useTestServer();

  /** Three trace roots (one with a child and a grandchild), and two invocations that are not roots. */
  async function seedTraces(db: Database, workspaceId: string, runId: string) {
    const id = Object.fromEntries(
      ["first", "child", "grandchild", "second", "third", "inRun"].map((k) => [k, randomUUID()]),
    ) as Record<string, string>;
    await db.insert(agentInvocations).values([
      { workspaceId, id: id.first, agentType: "orchestrator", startedAt: at(10) },
      {
        workspaceId,
        id: id.child,
        agentType: "explorer",
        parentInvocationId: id.first,
        startedAt: at(12),
      },
      {
        workspaceId,
        id: id.grandchild,
        agentType: "coder",
        parentInvocationId: id.child,
        startedAt: at(11),
      },
      { workspaceId, id: id.second, agentType: "coder", startedAt: at(20) },
      { workspaceId, id: id.third, agentType: "orchestrator", startedAt: at(30) },
      { workspaceId, id: id.inRun, agentType: "orchestrator", runId, startedAt: at(40) },
    ]);
    const steps = [0, 1, 2].map((stepNumber) => ({
      workspaceId,
      id: randomUUID(),
      invocationId: id.grandchild as string,
      stepNumber,
      text: "secret",
    }));
    await db.insert(agentSteps).values(steps);
    await db.insert(toolCalls).values({
      workspaceId,
      invocationId: id.grandchild as string,
      stepId: steps[1]?.id as string,
      toolCallId: "call_1",
      toolName: "bash",
      input: { command: "secret" },
    });
    return id;
  }

  it("reads a trace's invocations and pages its steps like a run's", async () => {
    const { workspaceId, client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Not a trace" });
    const id = await seedTraces(server.db, workspaceId, run.id);

    const first = await client.runView.trace.query({ invocationId: id.first as string, limit: 2 });
    expect(first.root.id).toBe(id.first);
    expect(first.invocations?.map((i) => i.id)).toEqual([id.first, id.grandchild, id.child]);
    expect(first.steps.map((s) => s.stepNumber)).toEqual([0, 1]);
    expect(first.toolCalls.map((c) => [c.stepId, c.toolName])).toEqual([
      [first.steps[1]?.id, "bash"],
    ]);
    expect(JSON.stringify(first)).not.toMatch(/secret/);
    const second = await client.runView.trace.query({
      invocationId: id.first as string,
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    expect([second.invocations, second.steps.map((s) => s.stepNumber)]).toEqual([null, [2]]);
    expect(second.nextCursor).toBeNull();

    const subtree = await client.runView.trace.query({ invocationId: id.child as string });
    expect(subtree.invocations?.map((i) => i.id)).toEqual([id.grandchild, id.child]);
    const { data } = await expectTRPCError(
      client.runView.trace.query({ invocationId: id.inRun as string }),
      "BAD_REQUEST",
    );
    expect(data.field).toBe("invocationId");
    const missing = await expectTRPCError(
      client.runView.trace.query({ invocationId: randomUUID() }),
      "NOT_FOUND",
    );
    expect(missing.data.field).toBe("invocationId");
  });

  it("lists trace roots newest first, by agent type and start time, a page at a time", async () => {
    const { workspaceId, client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Not a trace" });
    const id = await seedTraces(server.db, workspaceId, run.id);

    const all = await client.runView.traces.query({});
    expect(all.items.map((root) => root.id)).toEqual([id.third, id.second, id.first]);
    expect(keysOf(all.items[0])).toBe(keys.invocation);
    const orchestrators = await client.runView.traces.query({ agentType: "orchestrator" });
    expect(orchestrators.items.map((root) => root.id)).toEqual([id.third, id.first]);
    const window = await client.runView.traces.query({
      from: at(10).toISOString(),
      to: at(30).toISOString(),
    });
    expect(window.items.map((root) => root.id)).toEqual([id.second, id.first]);
    const page1 = await client.runView.traces.query({ limit: 2 });
    const page2 = await client.runView.traces.query({ limit: 2, cursor: page1.nextCursor ?? "" });
    expect([...page1.items, ...page2.items].map((root) => root.id)).toEqual(
      all.items.map((root) => root.id),
    );
    expect(page2.nextCursor).toBeNull();
  });

  it("never answers another workspace's run, trace or rows, as if they were missing", async () => {
    const a = await server.workspace();
    const b = await server.workspace();
    const runOfB = await b.client.runs.create.mutate({ title: "B's run" });
    const [phaseOfB] = await b.client.runs.phaseResults.query({ runId: runOfB.id });
    const seeded = await seedRunActivity(
      server.db,
      b.workspaceId,
      runOfB.id,
      phaseOfB?.id as string,
    );
    const traceOfB = await seedTraces(server.db, b.workspaceId, runOfB.id);

    await expectTRPCError(a.client.runView.skeleton.query({ runId: runOfB.id }), "NOT_FOUND");
    await expectTRPCError(
      a.client.runView.trace.query({ invocationId: traceOfB.first as string }),
      "NOT_FOUND",
    );
    const ids = {
      stepIds: seeded.steps.map((step) => step.id),
      toolCallIds: seeded.calls.map((call) => call.id),
      invocationIds: [seeded.root, traceOfB.first as string],
    };
    expect(await a.client.runView.details.query(ids)).toEqual({
      steps: [],
      toolCalls: [],
      invocations: [],
    });
    expect((await b.client.runView.details.query(ids)).steps).toHaveLength(3);
    expect((await a.client.runView.traces.query({})).items).toEqual([]);
    expect((await b.client.runView.traces.query({})).items).toHaveLength(3);
  });
});
