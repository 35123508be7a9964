import { randomUUID } from "node:crypto";
import { createWorkspace, enqueueEvents, metrics } from "@steward/db";
import { useTestDatabase } from "@steward/db/testing";
import type { TelemetryEventInput } from "@steward/events";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { processInboxBatch } from "./process-batch";
import { testBatchOptions } from "./testing/drain";
import { toInboxEvents } from "./testing/scenario";

describe("a batch bounded by bytes", () => {
  const database = useTestDatabase();
  const db = () => database.current.db;

  const metric = (metadata: Record<string, unknown>): TelemetryEventInput => ({
    type: "metric.recorded",
    eventId: randomUUID(),
    id: randomUUID(),
    metricType: "payload_size",
    value: 1,
    metadata,
  });

  it("claims no more than its byte budget, and takes another workspace's event ahead of one workspace's backlog of large events", async () => {
    const a = await createWorkspace(db(), { name: "Large" });
    const b = await createWorkspace(db(), { name: "Small" });
    const large = Array.from({ length: 5 }, () => metric({ blob: Array(10_000).fill(0) }));
    for (const event of large) {
      await enqueueEvents(db(), { workspaceId: a.id, events: toInboxEvents([event]) });
    }
    await enqueueEvents(db(), { workspaceId: b.id, events: toInboxEvents([metric({})]) });
    const metricsOf = (workspaceId: string) =>
      db().select().from(metrics).where(eq(metrics.workspaceId, workspaceId));

    const claims: number[] = [];
    const bAppliedAfter: number[] = [];
    for (;;) {
      const outcome = await processInboxBatch(db(), {
        ...testBatchOptions,
        batchSize: 500,
        maxBatchBytes: 45_000, // two of the large events (~20 KB each) and a small one
      });
      if (outcome.claimed === 0) break;
      claims.push(outcome.claimed);
      expect(outcome.applied).toBe(outcome.claimed);
      bAppliedAfter.push((await metricsOf(b.id)).length);
    }

    expect(claims).toEqual([3, 2, 1]);
    expect(bAppliedAfter).toEqual([1, 1, 1]);
    expect(await metricsOf(a.id)).toHaveLength(5);
  });

  it("still takes an event larger than the whole budget, alone", async () => {
    const a = await createWorkspace(db(), { name: "Oversized" });
    const events = [metric({ blob: "x".repeat(30_000) }), metric({})];
    for (const event of events) {
      await enqueueEvents(db(), { workspaceId: a.id, events: toInboxEvents([event]) });
    }
    const options = { ...testBatchOptions, batchSize: 500, maxBatchBytes: 1_000 };
    expect(await processInboxBatch(db(), options)).toMatchObject({ claimed: 1, applied: 1 });
    expect(await processInboxBatch(db(), options)).toMatchObject({ claimed: 1, applied: 1 });
  });
});
