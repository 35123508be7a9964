import { randomUUID } from "node:crypto";
import {
  createWorkspace,
  enqueueEvents,
  featureRuns,
  type InboxEvent,
  phaseResults,
  rowsOf,
} from "@steward/db";
import type { TelemetryEventInput } from "@steward/events";
import {
  buildScenario,
  refusedStepText,
  refuseMarkedSteps,
  toInboxEvents,
} from "@steward/telemetry/testing";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { createScratchDatabase, waitUntil } from "./scratch-database";
import { startWorkerProcess } from "./worker-process";

export const poisonReason = `the database refused it: this step cannot be stored (22008)`;

/**
 * One worker drains `scenarioCount` runs' worth of telemetry (invocations, steps, tool calls,
 * their ends, records), queued before it starts; with `poisonEvery`, one step per that many
 * events is one the database refuses when it is inserted. Both runs install the refusing
 * trigger, so they pay the same per-row cost.
 */
export async function runDrain(
  admin: postgres.Sql,
  adminUrl: string,
  { scenarioCount, poisonEvery }: { scenarioCount: number; poisonEvery?: number },
) {
  const scratch = await createScratchDatabase(admin, adminUrl, poisonEvery ? "poisoned" : "clean");
  const db = scratch.client.db;
  await refuseMarkedSteps(db);
  const scenarios = Array.from({ length: scenarioCount }, () => buildScenario());
  const workspaceId = (await createWorkspace(db, { name: "Drain" })).id;
  await db
    .insert(featureRuns)
    .values(scenarios.map((s) => ({ workspaceId, id: s.runId, title: "Bench run" })));
  await db.insert(phaseResults).values(
    scenarios.map((s) => ({
      workspaceId,
      id: s.phaseResultId,
      runId: s.runId,
      phase: "analysis" as const,
    })),
  );

  const valid = scenarios.flatMap((s) => s.events.map((event) => ({ event, scenario: s })));
  const events: TelemetryEventInput[] = [];
  const poisonIds = new Set<string>();
  valid.forEach(({ event, scenario }, index) => {
    events.push(event);
    // Midway through each stretch of `poisonEvery`: a step of the orchestrator just queued.
    if (poisonEvery && index % poisonEvery === Math.floor(poisonEvery / 2)) {
      const poison: TelemetryEventInput = {
        type: "step.finished",
        eventId: randomUUID(),
        stepId: randomUUID(),
        invocationId: scenario.orchestrator,
        stepNumber: 100 + poisonIds.size,
        text: refusedStepText("22008"),
        finishedAt: new Date().toISOString(),
      };
      poisonIds.add(poison.eventId);
      events.push(poison);
    }
  });
  const inbox: InboxEvent[] = toInboxEvents(events);
  for (let sent = 0; sent < inbox.length; sent += 100) {
    await enqueueEvents(db, { workspaceId, events: inbox.slice(sent, sent + 100) });
  }

  const worker = startWorkerProcess(scratch.url);
  try {
    const readyAt = await worker.ready;
    const drainedAt = await waitUntil(
      async () =>
        rowsOf(await db.execute(sql`select 1 from agent.ingest_inbox limit 1`)).length === 0,
      600_000,
      "the inbox to drain",
    );
    const [ledger] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from agent.ingested_events`),
    );
    const deadLetters = rowsOf<{ event_id: string; reason: string }>(
      await db.execute(sql`select event_id, reason from agent.ingest_dead_letters`),
    );
    return {
      events: events.length,
      validEvents: valid.length,
      poisonEvents: poisonIds.size,
      seconds: (drainedAt - readyAt) / 1000,
      applied: ledger?.n ?? 0,
      deadLettered: deadLetters.length,
      poisonDeadLettered: deadLetters.filter(
        (row) => poisonIds.has(row.event_id) && row.reason === poisonReason,
      ).length,
      peakRssMb: worker.peakRssMb(),
    };
  } finally {
    await worker.stop();
    await scratch.drop();
  }
}
