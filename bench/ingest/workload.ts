import { randomUUID } from "node:crypto";
import {
  createApiKey,
  createWorkspace,
  type Database,
  featureRuns,
  phaseResults,
} from "@steward/db";
import type { TelemetryEventInput } from "@steward/events";
import { buildScenario } from "@steward/telemetry/testing";

export type BenchRun = { runId: string; phaseResultId: string };

/** Runs every phase's scenarios are spread over, so a store is seeded once, before it starts. */
export function createRunPool(size: number): BenchRun[] {
  return Array.from({ length: size }, () => ({
    runId: randomUUID(),
    phaseResultId: randomUUID(),
  }));
}

/** A workspace holding the pool's runs (each in its analysis phase), and an ingest key. */
export async function seedWorkspace(db: Database, runs: BenchRun[]) {
  const workspace = await createWorkspace(db, { name: "Bench" });
  const ws = { workspaceId: workspace.id };
  for (let start = 0; start < runs.length; start += 1_000) {
    const chunk = runs.slice(start, start + 1_000);
    await db.insert(featureRuns).values(chunk.map((r) => ({ ...ws, id: r.runId, title: "Run" })));
    await db.insert(phaseResults).values(
      chunk.map((r) => ({
        ...ws,
        id: r.phaseResultId,
        runId: r.runId,
        phase: "analysis" as const,
      })),
    );
  }
  const { plainKey } = await createApiKey(db, {
    workspaceId: workspace.id,
    name: "bench",
    scopes: ["ingest"],
  });
  return { workspaceId: workspace.id, plainKey };
}

/**
 * `count` scenarios (54 events each, parents before children), the i-th in run
 * `runs[(from + i) % runs.length]`, with fresh event and entity ids.
 */
export function scenarioEvents(runs: BenchRun[], count: number, from = 0) {
  const events: TelemetryEventInput[] = [];
  for (let index = 0; index < count; index++) {
    const run = runs[(from + index) % runs.length] as BenchRun;
    const scenario = buildScenario();
    const json = JSON.stringify(scenario.events)
      .replaceAll(scenario.runId, run.runId)
      .replaceAll(scenario.phaseResultId, run.phaseResultId);
    events.push(...(JSON.parse(json) as TelemetryEventInput[]));
  }
  return events;
}

export type EncodedBody = { body: string; eventIds: string[] };

/** Request bodies of at most `perBody` events, encoded before any clock starts. */
export function encodeBodies(events: TelemetryEventInput[], perBody = 500): EncodedBody[] {
  const bodies: EncodedBody[] = [];
  for (let start = 0; start < events.length; start += perBody) {
    const chunk = events.slice(start, start + perBody);
    bodies.push({
      body: JSON.stringify({ v: 1, events: chunk }),
      eventIds: chunk.map((event) => event.eventId),
    });
  }
  return bodies;
}
