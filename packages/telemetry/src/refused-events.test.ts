import { randomUUID } from "node:crypto";
import { enqueueEvents, ingestDeadLetters, ingestInbox } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import type { TelemetryEventInput } from "@steward/events";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { processInboxBatch } from "./process-batch";
import { testBatchOptions } from "./testing/drain";
import { refusedStepText, refuseMarkedSteps } from "./testing/refuse-steps";
import { buildScenario, createRunWorkspace, toInboxEvents } from "./testing/scenario";
import { telemetrySnapshot } from "./testing/snapshot";

describe("events the database refuses at apply time", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;
  beforeAll(async () => refuseMarkedSteps(db()));

  /** A step of the scenario's orchestrator, numbered past the scenario's own steps. */
  const markedStep = (invocationId: string, stepNumber: number, sqlState: string) =>
    ({
      type: "step.finished",
      eventId: randomUUID(),
      stepId: randomUUID(),
      invocationId,
      stepNumber,
      text: refusedStepText(sqlState),
      finishedAt: new Date().toISOString(),
    }) satisfies TelemetryEventInput;

  async function deadLetters(workspaceId: string) {
    return db()
      .select()
      .from(ingestDeadLetters)
      .where(eq(ingestDeadLetters.workspaceId, workspaceId));
  }

  it("dead-letters only the refused event, with the database's message, and applies the rest of its batch in the same batch", async () => {
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    const poison = markedStep(scenario.orchestrator, 7, "23514");
    const events = [...scenario.events];
    events.splice(20, 0, poison);
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(events) });

    const outcome = await processInboxBatch(db(), { ...testBatchOptions, batchSize: 500 });

    expect(outcome).toMatchObject({
      claimed: events.length,
      applied: scenario.events.length,
      deadLettered: 1,
    });
    const dead = await deadLetters(workspaceId);
    expect(dead.map((row) => row.eventId)).toEqual([poison.eventId]);
    expect(dead[0]?.reason).toBe("the database refused it: this step cannot be stored (23514)");
    const state = await telemetrySnapshot(db(), workspaceId);
    expect(state.inbox).toBe(0);
    expect(state.steps).toHaveLength(9);
    expect(state.invocations.find((i) => i.id === scenario.orchestrator)).toMatchObject({
      stepCount: 3,
      inputTokens: 303,
    });
  });

  it("isolates whatever the database's reason: a program limit, out of memory, a statement timeout, an internal error, a bad column", async () => {
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    const codes = ["54000", "53200", "57014", "XX000", "42703"];
    const poisons = codes.map((code, index) => markedStep(scenario.orchestrator, 10 + index, code));
    await enqueueEvents(db(), {
      workspaceId,
      events: toInboxEvents([...poisons.slice(0, 2), ...scenario.events, ...poisons.slice(2)]),
    });

    const outcome = await processInboxBatch(db(), { ...testBatchOptions, batchSize: 500 });

    expect(outcome).toMatchObject({ applied: scenario.events.length, deadLettered: codes.length });
    const dead = await deadLetters(workspaceId);
    expect(Object.fromEntries(dead.map((row) => [row.eventId, row.reason]))).toEqual(
      Object.fromEntries(
        poisons.map((poison, index) => [
          poison.eventId,
          `the database refused it: this step cannot be stored (${codes[index]})`,
        ]),
      ),
    );
    expect((await telemetrySnapshot(db(), workspaceId)).steps).toHaveLength(9);
  });

  it("leaves a batch exactly as it was when the database is unavailable or the batch lost a race, so it is tried again", async () => {
    for (const code of ["40001", "40P01", "57P01", "08006", "53300"]) {
      const scenario = buildScenario();
      const workspaceId = await createRunWorkspace(db(), scenario);
      const events = [...scenario.events, markedStep(scenario.orchestrator, 7, code)];
      await enqueueEvents(db(), { workspaceId, events: toInboxEvents(events) });

      await expect(
        processInboxBatch(db(), { ...testBatchOptions, batchSize: 500 }),
      ).rejects.toThrow();

      const inbox = await db()
        .select()
        .from(ingestInbox)
        .where(eq(ingestInbox.workspaceId, workspaceId));
      expect(inbox, code).toHaveLength(events.length);
      expect(inbox.every((row) => row.attempts === 0 && row.lastError === null)).toBe(true);
      expect(await deadLetters(workspaceId)).toEqual([]);
      expect((await telemetrySnapshot(db(), workspaceId)).steps).toHaveLength(0);
      await db().delete(ingestInbox).where(eq(ingestInbox.workspaceId, workspaceId));
    }
  });
});
