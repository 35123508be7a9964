import { randomUUID } from "node:crypto";
import { createWorkspace, enqueueEvents, rowsOf } from "@steward/db";
import type { TelemetryEventInput } from "@steward/events";
import { createRunWorkspace, toInboxEvents } from "@steward/telemetry/testing";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { createScratchDatabase, waitUntil } from "./scratch-database";
import { startWorkerProcess } from "./worker-process";

const largeEvents = 300;

/**
 * Tool call inputs of ~255 KB of JSON, just under the 256 KiB limit: text (a file read, say),
 * and an array of small numbers, the worst case for jsonb, which stores each element with a
 * header of its own (several times the text; 300 of them pass jsonb's 256 MiB limit).
 */
export const largeInputs = {
  text: { content: "x".repeat(254_600) },
  numbers: Array(127_300).fill(0),
};

/**
 * Workspace A queues 300 tool calls with ~255 KB inputs while no worker runs, then workspace B
 * queues one small event behind them; one worker starts. How long does B wait?
 */
export async function runStallScenario(
  admin: postgres.Sql,
  adminUrl: string,
  input: (typeof largeInputs)[keyof typeof largeInputs],
) {
  const scratch = await createScratchDatabase(admin, adminUrl, "stall");
  const db = scratch.client.db;
  const ids = { runId: randomUUID(), phaseResultId: randomUUID() };
  const a = await createRunWorkspace(db, ids);
  const b = (await createWorkspace(db, { name: "Small" })).id;
  const invocationId = randomUUID();
  const stepId = randomUUID();
  const at = new Date().toISOString();
  const parents: TelemetryEventInput[] = [
    {
      type: "invocation.started",
      eventId: randomUUID(),
      invocationId,
      agentType: "coder",
      phaseResultId: ids.phaseResultId,
      startedAt: at,
    },
    {
      type: "step.finished",
      eventId: randomUUID(),
      stepId,
      invocationId,
      stepNumber: 0,
      finishedAt: at,
    },
  ];
  await enqueueEvents(db, { workspaceId: a, events: toInboxEvents(parents) });
  for (let sent = 0; sent < largeEvents; sent += 25) {
    const chunk = Array.from(
      { length: 25 },
      (_, index): TelemetryEventInput => ({
        type: "tool_call.started",
        eventId: randomUUID(),
        id: randomUUID(),
        invocationId,
        stepId,
        toolCallId: `call-${sent + index}`,
        toolName: "read_file",
        input,
        startedAt: at,
      }),
    );
    await enqueueEvents(db, { workspaceId: a, events: toInboxEvents(chunk) });
  }
  const small = toInboxEvents([
    {
      type: "metric.recorded",
      eventId: randomUUID(),
      id: randomUUID(),
      metricType: "ping",
      value: 1,
    },
  ]);
  await enqueueEvents(db, { workspaceId: b, events: small });
  const [sizes] = rowsOf<{ largest: number; total: number }>(
    await db.execute(sql`
      select max(payload_bytes)::int as largest, sum(payload_bytes)::float8 as total
      from agent.ingest_inbox where workspace_id = ${a}`),
  );

  const worker = startWorkerProcess(scratch.url);
  try {
    const readyAt = await worker.ready;
    const bAppliedAt = await waitUntil(
      async () =>
        rowsOf(
          await db.execute(sql`
            select 1 from agent.ingested_events
            where workspace_id = ${b} and event_id = ${small[0]?.eventId ?? ""}`),
        ).length > 0,
      180_000,
      "workspace B's event",
    );
    const aSettledAt = await waitUntil(
      async () =>
        rowsOf(
          await db.execute(sql`select 1 from agent.ingest_inbox where workspace_id = ${a} limit 1`),
        ).length === 0,
      300_000,
      "workspace A's events to settle",
    );
    const peakRssMb = worker.peakRssMb();
    const [applied] = rowsOf<{ n: number }>(
      await db.execute(sql`
        select count(*)::int as n from agent.tool_calls where workspace_id = ${a}`),
    );
    const deadLetters = rowsOf<{ reason: string; n: number }>(
      await db.execute(sql`
        select reason, count(*)::int as n from agent.ingest_dead_letters
        where workspace_id = ${a} group by reason order by n desc`),
    );
    return {
      largeEvents,
      largestEventBytes: sizes?.largest ?? 0,
      queuedMegabytes: (sizes?.total ?? 0) / 1e6,
      bAfterReadySeconds: (bAppliedAt - readyAt) / 1000,
      bAfterSpawnSeconds: (bAppliedAt - worker.startedAt) / 1000,
      aSettledSeconds: (aSettledAt - readyAt) / 1000,
      aApplied: applied?.n ?? 0,
      aDeadLetters: deadLetters,
      peakRssMb,
    };
  } finally {
    await worker.stop();
    await scratch.drop();
  }
}
