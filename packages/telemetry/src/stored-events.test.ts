import { randomUUID } from "node:crypto";
import { enqueueEvents, ingestDeadLetters, ingestInbox } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { processInboxBatch } from "./process-batch";
import { testBatchOptions } from "./testing/drain";
import { buildScenario, createRunWorkspace, toInboxEvents } from "./testing/scenario";
import { telemetrySnapshot } from "./testing/snapshot";

describe("inbox rows the server did not queue", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  /** A row written straight into the inbox, as no path of Steward's writes one. */
  async function insertRaw(workspaceId: string, payload: Record<string, unknown>) {
    const eventId = randomUUID();
    await db()
      .insert(ingestInbox)
      .values({ workspaceId, eventId, eventType: String(payload.type), payload });
    return eventId;
  }

  const step = (invocationId: string, fields: Record<string, unknown>) => ({
    type: "step.finished",
    stepId: randomUUID(),
    invocationId,
    stepNumber: 7,
    usage: {},
    finishedAt: new Date().toISOString(),
    ...fields,
  });

  it("dead-letters each at once, or with the database's reason, and applies the rest of the batch", async () => {
    const scenario = buildScenario();
    const workspaceId = await createRunWorkspace(db(), scenario);
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(scenario.events) });
    const unknownType = await insertRaw(workspaceId, { type: "step.exploded" });
    const otherId = await insertRaw(workspaceId, step(scenario.orchestrator, {}));
    const withoutUsage = randomUUID();
    await db()
      .insert(ingestInbox)
      .values({
        workspaceId,
        eventId: withoutUsage,
        eventType: "step.finished",
        payload: step(scenario.orchestrator, { eventId: withoutUsage, usage: undefined }),
      });
    const badNumber = randomUUID();
    await db()
      .insert(ingestInbox)
      .values({
        workspaceId,
        eventId: badNumber,
        eventType: "step.finished",
        payload: step(scenario.orchestrator, { eventId: badNumber, stepNumber: "seven" }),
      });

    const outcome = await processInboxBatch(db(), { ...testBatchOptions, batchSize: 500 });

    expect(outcome).toMatchObject({ applied: scenario.events.length, deadLettered: 4 });
    const dead = await db()
      .select()
      .from(ingestDeadLetters)
      .where(eq(ingestDeadLetters.workspaceId, workspaceId));
    const reasonOf = new Map(dead.map((row) => [row.eventId, row.reason]));
    for (const id of [unknownType, otherId, withoutUsage]) {
      expect(reasonOf.get(id)).toMatch(/^does not match the event contract/);
    }
    expect(reasonOf.get(badNumber)).toMatch(/^the database refused it: .*integer/);
    const state = await telemetrySnapshot(db(), workspaceId);
    expect(state.inbox).toBe(0);
    expect(state.steps).toHaveLength(9);
  });
});
