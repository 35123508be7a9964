import { randomUUID } from "node:crypto";
import { appRouter, createCallerFactory, silentLogger } from "@steward/api";
import { enqueueEvents, ingestDeadLetters } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import type { TelemetryEventInput } from "@steward/events";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drainInbox, patientAttempts } from "./testing/drain";
import { buildScenario, createRunWorkspace, toInboxEvents } from "./testing/scenario";
import { telemetrySnapshot } from "./testing/snapshot";

describe("the worker's batch step", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  async function send(workspaceId: string, events: TelemetryEventInput[]) {
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(events) });
  }

  it("lands every event type in its table, with exact rollups", async () => {
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    await send(workspaceId, scenario.events);
    const totals = await drainInbox(db());
    expect(totals.applied).toBe(scenario.events.length);
    const state = await telemetrySnapshot(db(), workspaceId);

    expect(state.inbox).toBe(0);
    expect(state.deadLetters).toBe(0);
    expect(state.invocations).toHaveLength(3);
    expect(
      state.invocations.every((i) => i.status === "completed" && i.runId === scenario.runId),
    ).toBe(true);
    const children = state.invocations.filter(
      (i) => i.parentInvocationId === scenario.orchestrator,
    );
    expect(children).toHaveLength(2);
    expect(state.steps).toHaveLength(9);
    expect(state.toolCalls).toHaveLength(18);
    const byOutput = (type: string) => state.toolCalls.filter((c) => c.outputType === type);
    expect(byOutput("execution-denied").every((c) => c.status === "failed")).toBe(true);
    expect(byOutput("error-text").map((c) => c.error)).toEqual([
      "tests failed",
      "tests failed",
      "tests failed",
    ]);
    expect(
      byOutput("json").every((c) => c.status === "completed" && c.startedAt && c.finishedAt),
    ).toBe(true);

    // Per invocation: 3 steps of 100..102 input tokens.
    for (const invocation of state.invocations) {
      expect(invocation).toMatchObject({
        stepCount: 3,
        inputTokens: 303,
        outputTokens: 30,
        totalTokens: 333,
        reasoningTokens: 9,
        cacheReadTokens: 150,
        cacheWriteTokens: 3,
      });
    }
    expect(state.runs[0]).toMatchObject({
      stepCount: 9,
      inputTokens: 909,
      outputTokens: 90,
      totalTokens: 999,
    });
    expect(state.memory).toHaveLength(1);
    expect(state.cta[0]).toMatchObject({ kind: "approval", status: "pending" });
    expect(state.metrics[0]).toMatchObject({ type: "token_usage", value: 42 });
  });

  it("changes nothing when a batch is sent twice, before or after the first is processed", async () => {
    const scenario = buildScenario();
    const once = await createRunWorkspace(db(), scenario);
    await send(once, scenario.events);
    await drainInbox(db());

    const twice = await createRunWorkspace(db(), scenario);
    await send(twice, scenario.events);
    await send(twice, scenario.events);
    await drainInbox(db());
    await send(twice, scenario.events); // after the inbox rows are gone: the ledger remembers
    const replay = await drainInbox(db());
    expect(replay).toMatchObject({ applied: 0, duplicates: scenario.events.length });
    expect(await telemetrySnapshot(db(), twice)).toEqual(await telemetrySnapshot(db(), once));
  });

  it("ends in the same state for any arrival order, duplication and batching (property)", async () => {
    const scenario = buildScenario();
    const reference = await createRunWorkspace(db(), scenario);
    await send(reference, scenario.events);
    await drainInbox(db());
    const expected = await telemetrySnapshot(db(), reference);
    const count = scenario.events.length;

    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray([...scenario.events.keys()], { minLength: count, maxLength: count }),
        fc.array(fc.nat(count - 1), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 10 }),
        async (order, duplicated, chunkSizes) => {
          const workspaceId = await createRunWorkspace(db(), scenario);
          const arrivals = [...order, ...duplicated].map(
            (index) => scenario.events[index] as TelemetryEventInput,
          );
          // Events arrive in chunks; the worker takes a small batch between arrivals.
          let position = 0;
          for (let chunk = 0; position < arrivals.length; chunk++) {
            const size = chunkSizes[chunk % chunkSizes.length] ?? 5;
            await send(workspaceId, arrivals.slice(position, position + size));
            position += size;
            await drainInbox(db(), { batchSize: size, maxAttempts: patientAttempts });
          }
          await drainInbox(db(), { maxAttempts: patientAttempts });
          expect(await telemetrySnapshot(db(), workspaceId)).toEqual(expected);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("applies a finish before its start, a tool call before its step, a child before its parent", async () => {
    const scenario = buildScenario();
    const ordered = await createRunWorkspace(db(), scenario);
    await send(ordered, scenario.events);
    await drainInbox(db());

    const reversed = await createRunWorkspace(db(), scenario);
    for (const event of [...scenario.events].reverse()) {
      await send(reversed, [event]);
      await drainInbox(db(), { batchSize: 1, maxAttempts: patientAttempts });
    }
    await drainInbox(db(), { maxAttempts: patientAttempts });
    expect(await telemetrySnapshot(db(), reversed)).toEqual(await telemetrySnapshot(db(), ordered));
  });

  it("dead-letters events whose parent never arrives, with the reason, listed through the API", async () => {
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    const ghost = randomUUID();
    const orphanStep: TelemetryEventInput = {
      type: "step.finished",
      eventId: randomUUID(),
      stepId: randomUUID(),
      invocationId: ghost,
      stepNumber: 0,
      finishedAt: new Date().toISOString(),
    };
    const orphanMemory: TelemetryEventInput = {
      type: "memory.recorded",
      eventId: randomUUID(),
      id: randomUUID(),
      runId: randomUUID(),
      kind: "failure",
      content: "lost",
    };
    await send(workspaceId, [orphanStep, orphanMemory, ...scenario.events]);
    const totals = await drainInbox(db());
    expect(totals.deadLettered).toBe(2);

    const dead = await db()
      .select()
      .from(ingestDeadLetters)
      .where(eq(ingestDeadLetters.workspaceId, workspaceId));
    expect(dead.map((row) => row.eventId).sort()).toEqual(
      [orphanStep.eventId, orphanMemory.eventId].sort(),
    );
    expect(dead.find((row) => row.eventId === orphanStep.eventId)?.reason).toContain(
      `invocation ${ghost}`,
    );
    expect(dead.every((row) => row.attempts === 4)).toBe(true);

    const caller = createCallerFactory(appRouter)({
      db: db(),
      logger: silentLogger,
      auth: { workspaceId, keyId: randomUUID(), scopes: ["write"], userId: null },
    });
    const listed = await caller.ingest.deadLetters({});
    expect(listed.items.map((item) => item.eventId).sort()).toEqual(
      dead.map((row) => row.eventId).sort(),
    );
    // The rest of the run was recorded in full.
    expect((await telemetrySnapshot(db(), workspaceId)).steps).toHaveLength(9);

    // Once the missing invocation exists, the dead step can be sent back and lands.
    await send(workspaceId, [
      {
        type: "invocation.started",
        eventId: randomUUID(),
        invocationId: ghost,
        agentType: "coder",
        startedAt: new Date().toISOString(),
      },
    ]);
    await drainInbox(db());
    expect(await caller.ingest.retryDeadLetter({ eventId: orphanStep.eventId })).toMatchObject({
      eventId: orphanStep.eventId,
      previousReason: expect.stringContaining(ghost),
    });
    await drainInbox(db());
    const after = await telemetrySnapshot(db(), workspaceId);
    expect(after.steps).toHaveLength(10);
    expect(after.invocations.find((i) => i.id === ghost)?.stepCount).toBe(1);
    expect(after.deadLetters).toBe(1);
    await expect(caller.ingest.retryDeadLetter({ eventId: orphanStep.eventId })).rejects.toThrow(
      /not found/,
    );
  });

  it("keeps two workspaces apart even when they send the same event ids", async () => {
    const scenario = buildScenario();
    const a = await createRunWorkspace(db(), scenario);
    const b = await createRunWorkspace(db(), scenario);
    const inbox = toInboxEvents(scenario.events);
    await enqueueEvents(db(), { workspaceId: a, events: inbox });
    await enqueueEvents(db(), { workspaceId: b, events: inbox });
    await drainInbox(db(), { batchSize: 500 });
    const stateA = await telemetrySnapshot(db(), a);
    expect(stateA.steps).toHaveLength(9);
    expect(await telemetrySnapshot(db(), b)).toEqual(stateA);
  });
});
