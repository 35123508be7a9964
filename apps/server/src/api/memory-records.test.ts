import { randomUUID } from "node:crypto";
import { agentInvocations } from "@steward/db";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

describe("memory records router", () => {
  const server = useTestServer();

  async function runWithInvocation() {
    const { workspaceId, client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Remember" });
    const invocationId = randomUUID();
    await server.db
      .insert(agentInvocations)
      .values({ workspaceId, id: invocationId, runId: run.id, agentType: "explorer" });
    return { workspaceId, client, run, invocationId };
  }

  it("records what a run learned, and gets and lists it by phase and kind", async () => {
    const { client, run, invocationId } = await runWithInvocation();
    const insight = await client.memoryRecords.create.mutate({
      runId: run.id,
      phase: "analysis",
      kind: "insight",
      content: "The login form already exists",
      sourceInvocationId: invocationId,
      metadata: { file: "login.tsx" },
    });
    expect(insight).toMatchObject({
      runId: run.id,
      phase: "analysis",
      kind: "insight",
      sourceInvocationId: invocationId,
      metadata: { file: "login.tsx" },
    });
    expect(await client.memoryRecords.get.query({ id: insight.id })).toEqual(insight);
    const decision = await client.memoryRecords.create.mutate({
      runId: run.id,
      phase: "judging",
      kind: "decision",
      content: "Use sessions, not JWTs",
    });
    const unphased = await client.memoryRecords.create.mutate({
      runId: run.id,
      kind: "constraint",
      content: "No new dependencies",
    });
    expect(unphased.phase).toBeNull();

    const ids = async (filters: object) =>
      (await client.memoryRecords.list.query({ runId: run.id, ...filters })).items.map((r) => r.id);
    expect(await ids({ phase: "analysis" })).toEqual([insight.id]);
    expect(await ids({ kind: "decision" })).toEqual([decision.id]);
    expect(await ids({ phase: "judging", kind: "insight" })).toEqual([]);
    const all = [unphased.id, decision.id, insight.id].sort();
    expect((await ids({})).sort()).toEqual(all);
    const first = await client.memoryRecords.list.query({ runId: run.id, limit: 2 });
    const rest = await client.memoryRecords.list.query({
      runId: run.id,
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    expect([...first.items, ...rest.items].map((r) => r.id).sort()).toEqual(all);
    expect(rest.nextCursor).toBeNull();
  });

  it("answers a retried write with the record the first one made", async () => {
    const { client, run } = await runWithInvocation();
    const id = randomUUID();
    const first = await client.memoryRecords.create.mutate({
      id,
      runId: run.id,
      kind: "failure",
      content: "Tests timed out",
    });
    const retried = await client.memoryRecords.create.mutate({
      id,
      runId: run.id,
      kind: "failure",
      content: "Tests timed out",
    });
    expect(retried).toEqual(first);
    expect((await client.memoryRecords.list.query({ runId: run.id })).items).toHaveLength(1);
  });

  it("takes a source invocation only from the same run", async () => {
    const { client, run, invocationId } = await runWithInvocation();
    const other = await client.runs.create.mutate({ title: "Another run" });
    const record = { kind: "insight" as const, content: "x" };
    const { data } = await expectTRPCError(
      client.memoryRecords.create.mutate({
        ...record,
        runId: other.id,
        sourceInvocationId: invocationId,
      }),
      "BAD_REQUEST",
    );
    expect(data.field).toBe("sourceInvocationId");
    const missing = await expectTRPCError(
      client.memoryRecords.create.mutate({
        ...record,
        runId: run.id,
        sourceInvocationId: randomUUID(),
      }),
      "NOT_FOUND",
    );
    expect(missing.data.field).toBe("sourceInvocationId");
    const noRun = await expectTRPCError(
      client.memoryRecords.create.mutate({ ...record, runId: randomUUID() }),
      "NOT_FOUND",
    );
    expect(noRun.data.field).toBe("runId");
  });

  it("answers bad input with BAD_REQUEST naming each wrong field", async () => {
    const { client } = await server.workspace();
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = client as any;
    const runId = randomUUID();
    await expectFieldErrors(untyped.memoryRecords.create.mutate({}), ["runId", "kind", "content"]);
    await expectFieldErrors(
      untyped.memoryRecords.create.mutate({ runId, kind: "hunch", content: "x", phase: "done" }),
      ["kind", "phase"],
    );
    await expectFieldErrors(
      client.memoryRecords.create.mutate({ runId, kind: "insight", content: "x".repeat(100_001) }),
      ["content"],
    );
    await expectFieldErrors(
      client.memoryRecords.create.mutate({ runId, kind: "insight", content: "  " }),
      ["content"],
    );
    await expectFieldErrors(
      untyped.memoryRecords.create.mutate({
        id: "mine",
        runId,
        kind: "insight",
        content: "x",
        sourceInvocationId: 3,
      }),
      ["id", "sourceInvocationId"],
    );
    await expectFieldErrors(untyped.memoryRecords.get.query({ id: "x" }), ["id"]);
    await expectFieldErrors(untyped.memoryRecords.list.query({ kind: "insight" }), ["runId"]);
    await expectFieldErrors(untyped.memoryRecords.list.query({ runId, limit: 101 }), ["limit"]);
  });

  it("answers NOT_FOUND for ids that do not exist", async () => {
    const { client } = await server.workspace();
    await expectTRPCError(client.memoryRecords.get.query({ id: randomUUID() }), "NOT_FOUND");
    const { data } = await expectTRPCError(
      client.memoryRecords.list.query({ runId: randomUUID() }),
      "NOT_FOUND",
    );
    expect(data.field).toBe("runId");
  });
});
