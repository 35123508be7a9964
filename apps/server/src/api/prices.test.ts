import { randomUUID } from "node:crypto";
import { createApiKey, grantPriceEditing } from "@steward/db";
import { processInboxBatch } from "@steward/telemetry";
import { describe, expect, it } from "vitest";
import { expectFieldErrors, expectTRPCError, useTestServer } from "../testing";

const newPrice = {
  model: "acme-large",
  provider: "acme",
  effectiveFrom: "2026-01-01",
  inputPrice: "2.5",
  outputPrice: "10",
  cacheReadPrice: "0.25",
  source: "https://acme.example/pricing",
};

describe("prices", () => {
  const server = useTestServer();

  async function drain() {
    for (let round = 0; round < 20; round++) {
      const outcome = await processInboxBatch(server.db, {
        batchSize: 50,
        maxBatchBytes: 1024 * 1024,
        maxAttempts: 5,
        backoffBaseMs: 0,
        backoffCapMs: 0,
        statementTimeoutMs: 10_000,
      });
      if (outcome.claimed === 0) return;
    }
  }

  it("are read by any key, and a name is matched the way steps are priced", async () => {
    const { client } = await server.workspace({ scopes: ["read"] });
    const all = await client.prices.list.query({});
    expect(all.length).toBeGreaterThan(20);
    expect(all.find((row) => row.model === "claude-sonnet-4-5")).toMatchObject({
      provider: "anthropic",
      effectiveFrom: "2025-09-29",
      inputPrice: "3.000000",
      outputPrice: "15.000000",
      cacheReadPrice: "0.300000",
      cacheWritePrice: "3.750000",
      reasoningPrice: null,
      source: "https://docs.anthropic.com/en/docs/about-claude/pricing",
    });
    expect(await client.prices.list.query({ model: "openai/o3-2025-04-16" })).toMatchObject([
      { model: "o3", effectiveFrom: "2025-04-16", inputPrice: "10.000000" },
      { model: "o3", effectiveFrom: "2025-06-10", inputPrice: "2.000000" },
    ]);
    expect(
      await client.prices.match.query({ model: "anthropic/claude-sonnet-4.5", day: "2026-01-01" }),
    ).toMatchObject({
      key: "claude-sonnet-4-5",
      undatedKey: "claude-sonnet-4-5",
      price: { model: "claude-sonnet-4-5" },
    });
    expect(await client.prices.match.query({ model: "my-local-llm" })).toMatchObject({
      key: "my-local-llm",
      price: null,
    });
  });

  it("are changed by an admin key only of a workspace the operator granted", async () => {
    const admin = await server.workspace();
    const { message } = await expectTRPCError(
      admin.client.prices.set.mutate(newPrice),
      "FORBIDDEN",
    );
    expect(message).toMatch(/pnpm steward prices/);
    await grantPriceEditing(server.db, { workspaceId: admin.workspaceId, granted: true });
    expect(await admin.client.prices.set.mutate(newPrice)).toMatchObject({
      model: "acme-large",
      inputPrice: "2.500000",
      cacheWritePrice: null,
    });
    // A write key of the granted workspace is no admin.
    const { plainKey } = await createApiKey(server.db, {
      workspaceId: admin.workspaceId,
      name: "writer",
      scopes: ["read", "write"],
    });
    const writer = server.clientFor(plainKey);
    await expectTRPCError(writer.prices.set.mutate(newPrice), "FORBIDDEN");

    const removed = await admin.client.prices.remove.mutate({
      model: "acme-large",
      effectiveFrom: "2026-01-01",
    });
    expect(removed.model).toBe("acme-large");
    await expectTRPCError(
      admin.client.prices.remove.mutate({ model: "acme-large", effectiveFrom: "2026-01-01" }),
      "NOT_FOUND",
    );
    // Another workspace's admin is still refused.
    const other = await server.workspace();
    await expectTRPCError(
      other.client.prices.remove.mutate({ model: "gpt-5", effectiveFrom: "2025-08-07" }),
      "FORBIDDEN",
    );
  });

  it("refuse a price that cannot be stored exactly, naming the field", async () => {
    const admin = await server.workspace();
    await grantPriceEditing(server.db, { workspaceId: admin.workspaceId, granted: true });
    // biome-ignore lint/suspicious/noExplicitAny: sending what the types forbid is the point
    const untyped = admin.client as any;
    await expectFieldErrors(
      admin.client.prices.set.mutate({ ...newPrice, inputPrice: "0.1234567" }),
      ["inputPrice"],
    );
    await expectFieldErrors(untyped.prices.set.mutate({ ...newPrice, outputPrice: 10 }), [
      "outputPrice",
    ]);
    await expectFieldErrors(admin.client.prices.set.mutate({ ...newPrice, inputPrice: "-1" }), [
      "inputPrice",
    ]);
    await expectFieldErrors(
      admin.client.prices.set.mutate({ ...newPrice, effectiveFrom: "2026-02-30" }),
      ["effectiveFrom"],
    );
    const { data, message } = await expectTRPCError(
      admin.client.prices.set.mutate({ ...newPrice, model: "openai/gpt-5" }),
      "BAD_REQUEST",
    );
    expect(data.field).toBe("model");
    expect(message).toContain('"gpt-5"');
    await expectFieldErrors(untyped.prices.match.query({ model: "" }), ["model"]);
  });

  it("show each step's cost and its invocation's and run's in every answer that has tokens", async () => {
    const { client } = await server.workspace();
    const run = await client.runs.create.mutate({ title: "Priced" });
    const invocationId = randomUUID();
    const step = (stepNumber: number, model: string) => ({
      type: "step.finished" as const,
      eventId: randomUUID(),
      stepId: randomUUID(),
      invocationId,
      stepNumber,
      model,
      usage: { inputTokens: 1000, outputTokens: 200 },
      finishedAt: "2026-03-01T10:00:00Z",
    });
    await client.ingest.events.mutate({
      events: [
        {
          type: "invocation.started",
          eventId: randomUUID(),
          invocationId,
          agentType: "coder",
          runId: run.id,
          startedAt: "2026-03-01T09:00:00Z",
        },
        step(0, "claude-haiku-4-5-20251001"),
        step(1, "not-a-priced-model"),
      ],
    });
    await drain();
    // 1000 × 1 + 200 × 5 = 2000 µ$ for the Haiku step; the other is unknown.
    const totals = { costUsd: "0.002", unpricedStepCount: 1, stepCount: 2 };

    expect(await client.runs.get.query({ id: run.id })).toMatchObject(totals);
    expect((await client.runs.list.query({})).items[0]).toMatchObject(totals);
    expect((await client.invocations.list.query({ runId: run.id })).items).toMatchObject([totals]);
    const skeleton = await client.runView.skeleton.query({ runId: run.id });
    expect(skeleton.run).toMatchObject(totals);
    expect(skeleton.invocations).toMatchObject([totals]);
    expect(skeleton.steps.map((s) => s.costUsd)).toEqual(["0.002", null]);
    const tree = await client.runs.tree.query({ runId: run.id });
    expect(tree.run).toMatchObject(totals);
    const [invocation] = tree.unattachedInvocations;
    expect(invocation).toMatchObject(totals);
    expect(invocation?.steps.map((s) => s.costUsd)).toEqual(["0.002", null]);

    const usage = await client.usage.tokens.query({
      from: "2026-03-01T00:00:00Z",
      to: "2026-03-02T00:00:00Z",
      groupBy: ["model"],
    });
    expect(usage.map((row) => [row.model, row.costUsd, row.unpricedSteps, row.steps])).toEqual([
      ["claude-haiku-4-5-20251001", "0.002", 0, 1],
      ["not-a-priced-model", null, 1, 1],
    ]);
    const byDay = await client.usage.tokens.query({
      from: "2026-03-01T00:00:00Z",
      to: "2026-03-02T00:00:00Z",
      groupBy: "day",
    });
    expect(byDay).toMatchObject([{ day: "2026-03-01", costUsd: "0.002", unpricedSteps: 1 }]);
  });
});
