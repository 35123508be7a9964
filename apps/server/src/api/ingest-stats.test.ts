import { randomUUID } from "node:crypto";
import type { TelemetryEventInput } from "@steward/events";
import { defaultBatchOptions, processInboxBatch } from "@steward/telemetry";
import { describe, expect, it } from "vitest";
import { expectTRPCError, isoTimestamp, useTestServer } from "../testing";

const started = (): TelemetryEventInput => ({
  type: "invocation.started",
  eventId: randomUUID(),
  invocationId: randomUUID(),
  agentType: "explorer",
  startedAt: new Date().toISOString(),
});

/** A step of an invocation that never starts: it waits, then becomes a dead letter. */
const orphanStep = (): TelemetryEventInput => ({
  type: "step.finished",
  eventId: randomUUID(),
  stepId: randomUUID(),
  invocationId: randomUUID(),
  stepNumber: 0,
  usage: {},
  finishedAt: new Date().toISOString(),
});

const minute = 60_000;

describe("ingest.stats", () => {
  const server = useTestServer();

  it("counts what waits, what applied per minute and what died, for the caller's workspace only", async () => {
    const a = await server.workspace();
    const b = await server.workspace({ scopes: ["read"] });
    const empty = await a.client.ingest.stats.query();
    expect(empty).toMatchObject({ inboxDepth: 0, oldestPendingAt: null, deadLetters: 0 });
    expect(empty.appliedPerMinute).toHaveLength(30);
    expect(empty.appliedPerMinute.every((m) => m.events === 0)).toBe(true);

    const before = Date.now();
    const { accepted } = await a.client.ingest.events.mutate({
      events: [started(), started(), orphanStep()],
    });
    expect(accepted).toHaveLength(3);
    const waiting = await a.client.ingest.stats.query();
    expect(waiting.inboxDepth).toBe(3);
    expect(waiting.oldestPendingAt).toMatch(isoTimestamp);
    // The database's clock and this process's agree to well within a minute.
    expect(Math.abs(Date.parse(waiting.oldestPendingAt ?? "") - before)).toBeLessThan(minute);
    // Another workspace sees none of it.
    expect(await b.client.ingest.stats.query()).toMatchObject({
      inboxDepth: 0,
      oldestPendingAt: null,
      deadLetters: 0,
    });

    const outcome = await processInboxBatch(server.db, { ...defaultBatchOptions, maxAttempts: 1 });
    expect(outcome).toMatchObject({ applied: 2, deadLettered: 1 });
    const settled = await a.client.ingest.stats.query();
    expect(settled).toMatchObject({ inboxDepth: 0, oldestPendingAt: null, deadLetters: 1 });
    const minutes = settled.appliedPerMinute;
    expect(minutes).toHaveLength(30);
    expect(minutes.reduce((sum, m) => sum + m.events, 0)).toBe(2);
    // Oldest first, a minute apart, the current minute last.
    for (const [i, m] of minutes.entries()) {
      expect(m.minute).toMatch(isoTimestamp);
      if (i > 0)
        expect(Date.parse(m.minute) - Date.parse(minutes[i - 1]?.minute ?? "")).toBe(minute);
    }
    const last = minutes.at(-1);
    expect(Date.parse(last?.minute ?? "") % minute).toBe(0);
    expect(Math.abs(Date.parse(last?.minute ?? "") - Date.now())).toBeLessThan(2 * minute);

    const other = await b.client.ingest.stats.query();
    expect(other.deadLetters).toBe(0);
    expect(other.appliedPerMinute.every((m) => m.events === 0)).toBe(true);
  });

  it("answers any key that may read, and refuses one that may not", async () => {
    const reader = await server.workspace({ scopes: ["read"] });
    expect((await reader.client.ingest.stats.query()).inboxDepth).toBe(0);
    const ingestOnly = await server.workspace({ scopes: ["ingest"] });
    await expectTRPCError(ingestOnly.client.ingest.stats.query(), "FORBIDDEN");
  });
});
