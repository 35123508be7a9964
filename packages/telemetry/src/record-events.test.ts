import { randomUUID } from "node:crypto";
import { createWorkspace, ctaEvents, enqueueEvents, ingestDeadLetters, metrics } from "@steward/db";
import { insertOneRowInEveryTable, useTestDatabase } from "@steward/db/testing";
import type { TelemetryEventInput } from "@steward/events";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { drainInbox } from "./testing/drain";
import { toInboxEvents } from "./testing/scenario";

describe("records sent as events", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  async function workspaceWithRows() {
    const workspace = await createWorkspace(db(), { name: "Records" });
    return {
      workspaceId: workspace.id,
      ids: await insertOneRowInEveryTable(db(), workspace.id),
    };
  }

  async function send(workspaceId: string, events: TelemetryEventInput[]) {
    await enqueueEvents(db(), { workspaceId, events: toInboxEvents(events) });
  }

  const metricNaming = (agentInstanceId: string) => ({
    type: "metric.recorded" as const,
    eventId: randomUUID(),
    id: randomUUID(),
    metricType: "token_usage",
    value: 7,
    agentInstanceId,
  });

  async function metricsOf(workspaceId: string) {
    return db().select().from(metrics).where(eq(metrics.workspaceId, workspaceId));
  }

  it("lands a metric with the agent instance it names", async () => {
    const { workspaceId, ids } = await workspaceWithRows();
    const event = metricNaming(ids.instance);
    await send(workspaceId, [event]);
    await drainInbox(db());
    const landed = (await metricsOf(workspaceId)).find((row) => row.id === event.id);
    expect(landed).toMatchObject({ type: "token_usage", value: 7, agentInstanceId: ids.instance });
  });

  it("never links another workspace's agent instance: the metric waits, then is dead-lettered", async () => {
    const theirs = await workspaceWithRows();
    const ours = await workspaceWithRows();
    const event = metricNaming(theirs.ids.instance);
    const before = await metricsOf(ours.workspaceId);
    await send(ours.workspaceId, [event]);
    await drainInbox(db());
    expect(await metricsOf(ours.workspaceId)).toEqual(before);
    expect((await metricsOf(theirs.workspaceId)).filter((row) => row.id === event.id)).toEqual([]);
    const [dead] = await db()
      .select()
      .from(ingestDeadLetters)
      .where(eq(ingestDeadLetters.eventId, event.eventId));
    expect(dead).toMatchObject({ workspaceId: ours.workspaceId, eventType: "metric.recorded" });
    expect(dead?.reason).toContain("agent instance");
  });

  it("applies an approval whose expiry passed after it was accepted", async () => {
    const { workspaceId, ids } = await workspaceWithRows();
    // The door checked the expiry against its clock; by the time the worker runs it is past.
    const id = randomUUID();
    await send(workspaceId, [
      {
        type: "cta.requested",
        eventId: randomUUID(),
        id,
        runId: ids.run,
        kind: "approval",
        prompt: "Merge?",
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      },
    ]);
    await drainInbox(db());
    const [landed] = await db().select().from(ctaEvents).where(eq(ctaEvents.id, id));
    expect(landed).toMatchObject({ workspaceId, kind: "approval", status: "pending" });
  });
});
