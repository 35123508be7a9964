import { randomUUID } from "node:crypto";
import { enqueueEvents, ingestDeadLetters } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import type { TelemetryEventInput } from "@steward/events";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { drainInbox } from "./testing/drain";
import { buildScenario, createRunWorkspace, toInboxEvents } from "./testing/scenario";
import { telemetrySnapshot } from "./testing/snapshot";

describe("two steps under one number of an invocation", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  async function startInvocation() {
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    const invocationId = randomUUID();
    await send(workspaceId, [
      {
        type: "invocation.started",
        eventId: randomUUID(),
        invocationId,
        agentType: "coder",
        phaseResultId: scenario.phaseResultId,
        startedAt: "2026-11-22T08:00:00Z",
      },
    ]);
    return { workspaceId, invocationId };
  }

  const step = (invocationId: string, stepNumber: number, second: number, tokens: number) =>
    ({
      type: "step.finished",
      eventId: randomUUID(),
      stepId: randomUUID(),
      invocationId,
      stepNumber,
      usage: { inputTokens: tokens },
      finishedAt: `2026-11-22T08:00:${String(second).padStart(2, "0")}Z`,
    }) satisfies TelemetryEventInput;

  async function send(workspaceId: string, events: TelemetryEventInput[]) {
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(events) });
  }

  async function deadLetters(workspaceId: string) {
    const rows = await db()
      .select()
      .from(ingestDeadLetters)
      .where(eq(ingestDeadLetters.workspaceId, workspaceId));
    return rows.map((row) => ({ eventId: row.eventId, reason: row.reason }));
  }

  it("keeps the first to finish and dead-letters the other, naming the number and the step there, when both arrive in one batch", async () => {
    const { workspaceId, invocationId } = await startInvocation();
    const first = step(invocationId, 0, 5, 100);
    const second = step(invocationId, 0, 6, 7);
    const next = step(invocationId, 1, 7, 10);
    await send(workspaceId, [second, first, next]);

    const totals = await drainInbox(db());

    expect(totals).toMatchObject({ applied: 3, deadLettered: 1 });
    expect(await deadLetters(workspaceId)).toEqual([
      {
        eventId: second.eventId,
        reason: `step number 0 of invocation ${invocationId} is already step ${first.stepId}`,
      },
    ]);
    const state = await telemetrySnapshot(db(), workspaceId);
    expect(state.steps.map((s) => s.id).sort()).toEqual([first.stepId, next.stepId].sort());
    expect(state.invocations[0]).toMatchObject({ stepCount: 2, inputTokens: 110 });
    expect(state.runs[0]).toMatchObject({ stepCount: 2, inputTokens: 110 });
  });

  it("dead-letters a later step that takes a number already recorded", async () => {
    const { workspaceId, invocationId } = await startInvocation();
    const first = step(invocationId, 2, 9, 100);
    await send(workspaceId, [first]);
    await drainInbox(db());
    // Finished earlier, but arrives after the number was taken: the recorded step stays.
    const late = step(invocationId, 2, 1, 5);
    await send(workspaceId, [late]);

    expect(await drainInbox(db())).toMatchObject({ applied: 0, deadLettered: 1 });
    expect(await deadLetters(workspaceId)).toEqual([
      {
        eventId: late.eventId,
        reason: `step number 2 of invocation ${invocationId} is already step ${first.stepId}`,
      },
    ]);
    const state = await telemetrySnapshot(db(), workspaceId);
    expect(state.steps.map((s) => s.id)).toEqual([first.stepId]);
    expect(state.invocations[0]).toMatchObject({ stepCount: 1, inputTokens: 100 });
  });

  it("counts a replay of the same step under a new event id as applied, changing nothing", async () => {
    const { workspaceId, invocationId } = await startInvocation();
    const original = step(invocationId, 0, 5, 100);
    const replay = { ...original, eventId: randomUUID() };
    await send(workspaceId, [original, replay]);
    expect(await drainInbox(db())).toMatchObject({ applied: 3, deadLettered: 0 });
    const again = { ...original, eventId: randomUUID() };
    await send(workspaceId, [again]);
    expect(await drainInbox(db())).toMatchObject({ applied: 1, deadLettered: 0 });

    expect(await deadLetters(workspaceId)).toEqual([]);
    const state = await telemetrySnapshot(db(), workspaceId);
    expect(state.invocations[0]).toMatchObject({ stepCount: 1, inputTokens: 100 });
  });
});
